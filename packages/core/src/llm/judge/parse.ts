/** A judge's verdict on one output, or why its reply could not be read. */
export type JudgeVerdict =
  | { readonly ok: true; readonly score: number; readonly reason: string }
  | { readonly ok: false; readonly error: string };

/** A pairwise judge's verdict, or why its reply could not be read. */
export type PairwiseVerdict =
  | { readonly ok: true; readonly winner: 'A' | 'B' | 'tie'; readonly reason: string }
  | { readonly ok: false; readonly error: string };

/**
 * The JSON objects a reply may hold, in order: the whole reply, the contents of each code fence,
 * then each balanced `{…}` found in the text. Only those that parse as JSON objects are kept.
 */
export function jsonObjectsIn(text: string): Record<string, unknown>[] {
  const candidates: string[] = [text.trim()];
  for (const fence of text.matchAll(/```[a-zA-Z0-9_-]*[ \t]*\r?\n?([\s\S]*?)```/g)) {
    candidates.push((fence[1] ?? '').trim());
  }
  candidates.push(...balancedObjects(text));
  const seen = new Set<string>();
  const objects: Record<string, unknown>[] = [];
  for (const candidate of candidates) {
    if (!candidate.startsWith('{') || seen.has(candidate)) continue;
    seen.add(candidate);
    try {
      const value: unknown = JSON.parse(candidate);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        objects.push(value as Record<string, unknown>);
      }
    } catch {
      // Not JSON: another candidate may be.
    }
  }
  return objects;
}

/** Each top-level balanced `{…}` substring, aware of JSON strings and escapes. */
function balancedObjects(text: string): string[] {
  const found: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"' && depth > 0) inString = true;
    else if (ch === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' && depth > 0) {
      depth--;
      if (depth === 0) found.push(text.slice(start, i + 1));
    }
  }
  return found;
}

function cut(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 160 ? `${oneLine.slice(0, 160)}…` : oneLine;
}

/** A score as a number: a JSON number, or a string holding a plain decimal. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(value)) {
    return Number(value);
  }
  return undefined;
}

function checkRange(score: number, shown: string): JudgeVerdict | undefined {
  if (!Number.isFinite(score) || score < 0 || score > 1) {
    return { ok: false, error: `the judge's score ${shown} is not a number between 0 and 1` };
  }
  return undefined;
}

const SCORE_TEXT =
  /\bscore["']?\s*(?:is\s*)?[:=]?\s*\**\s*([+-]?(?:\d+(?:\.\d+)?|\.\d+))(\s*\/\s*(\d+(?:\.\d+)?))?/gi;

/**
 * Reads a rubric judge's reply. Accepted, in order: a JSON object `{score, reason}` (the whole
 * reply, in a code fence, or embedded in text; `score` a number or numeric string; a boolean
 * `pass` stands for 1 or 0 when there is no score), then a `Score: 0.8` line (also `score = 4/5`,
 * read as the fraction). The score must lie in [0, 1]. Anything else (no score, an out-of-range
 * or non-numeric score, two different scores in the text, an empty reply) is an error: a
 * malformed judge reply never passes.
 */
export function parseJudgeReply(reply: string): JudgeVerdict {
  if (reply.trim() === '') return { ok: false, error: 'the judge replied with nothing' };
  for (const obj of jsonObjectsIn(reply)) {
    const reason = typeof obj.reason === 'string' ? obj.reason : '';
    if ('score' in obj) {
      const score = toNumber(obj.score);
      if (score === undefined) {
        return {
          ok: false,
          error: `the judge's score ${JSON.stringify(obj.score)} is not a number`,
        };
      }
      return checkRange(score, String(obj.score)) ?? { ok: true, score, reason };
    }
    if (typeof obj.pass === 'boolean') return { ok: true, score: obj.pass ? 1 : 0, reason };
  }
  const scores = new Set<number>();
  let shown = '';
  for (const match of reply.matchAll(SCORE_TEXT)) {
    const numerator = Number(match[1]);
    const denominator = match[3] === undefined ? 1 : Number(match[3]);
    if (denominator === 0)
      return { ok: false, error: `the judge's score ${match[0]} divides by 0` };
    scores.add(numerator / denominator);
    shown = match[0].replace(/^\s*score["']?\s*(is\s*)?[:=]?\s*\**\s*/i, '');
  }
  if (scores.size > 1) {
    return { ok: false, error: `the judge gave ${scores.size} different scores: ${cut(reply)}` };
  }
  const [score] = scores;
  if (score === undefined) {
    return { ok: false, error: `no score found in the judge's reply: ${cut(reply)}` };
  }
  return checkRange(score, shown) ?? { ok: true, score, reason: cut(reply) };
}

const WINNER_TEXT = /\bwinner\s*(?:is\s*)?[:=]?\s*\**\s*["']?(A|B|tie)\b/gi;

function toWinner(value: unknown): 'A' | 'B' | 'tie' | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'a' || v === 'response a' || v === 'response_a') return 'A';
  if (v === 'b' || v === 'response b' || v === 'response_b') return 'B';
  if (v === 'tie' || v === 'draw' || v === 'equal') return 'tie';
  return undefined;
}

/**
 * Reads a pairwise judge's reply: a JSON object with `winner` "A", "B" or "tie" (fenced or
 * embedded like {@link parseJudgeReply}), else a `Winner: A` line. Anything else, including two
 * different winners in the text, is an error.
 */
export function parsePairwiseReply(reply: string): PairwiseVerdict {
  if (reply.trim() === '') return { ok: false, error: 'the judge replied with nothing' };
  for (const obj of jsonObjectsIn(reply)) {
    if (!('winner' in obj)) continue;
    const winner = toWinner(obj.winner);
    if (winner === undefined) {
      return {
        ok: false,
        error: `the judge's winner ${JSON.stringify(obj.winner)} is not "A", "B" or "tie"`,
      };
    }
    return { ok: true, winner, reason: typeof obj.reason === 'string' ? obj.reason : '' };
  }
  const winners = new Set<'A' | 'B' | 'tie'>();
  for (const match of reply.matchAll(WINNER_TEXT)) {
    const winner = toWinner(match[1]);
    if (winner !== undefined) winners.add(winner);
  }
  if (winners.size !== 1) {
    return {
      ok: false,
      error:
        winners.size === 0
          ? `no winner found in the judge's reply: ${cut(reply)}`
          : `the judge named ${winners.size} different winners: ${cut(reply)}`,
    };
  }
  const [winner] = winners;
  return { ok: true, winner: winner!, reason: cut(reply) };
}
