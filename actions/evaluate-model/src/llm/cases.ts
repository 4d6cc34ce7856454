import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import {
  AssertionCompiler,
  DataError,
  JUDGE_TYPES,
  labelOf,
  parseAssertionList,
  parseAssertionText,
  parsePromptTemplate,
  renderPrompt,
  shardOf,
  templateFields,
} from '@modelgate/core';
import type {
  AssertionSpec,
  ChatMessage,
  CompiledAssertion,
  InputFingerprint,
  PromptTemplate,
} from '@modelgate/core';
import { fingerprintFile, readAllRows } from '@modelgate/data';
import { readTextFile } from '@modelgate/runner';
import { jsonCell } from '../eval-set';

/** One eval case, ready to send: its rendered messages and compiled assertions. */
export interface LlmCase {
  readonly id: string;
  /** 0-based row index in the eval set. */
  readonly index: number;
  readonly messages: readonly ChatMessage[];
  readonly assertions: readonly CompiledAssertion[];
  readonly expected?: unknown;
  readonly slices?: Readonly<Record<string, string>>;
}

/** Everything loaded before the first request. */
export interface LoadedCases {
  readonly cases: readonly LlmCase[];
  readonly totalRows: number;
  readonly datasetSha256: string;
  readonly promptSha256: string;
  readonly fingerprints: readonly InputFingerprint[];
  /** Some case uses `pairwise` (which needs the baseline outputs). */
  readonly usesPairwise: boolean;
  /** Some case uses a judge assertion. */
  readonly usesJudge: boolean;
  readonly idsFromIndex: boolean;
  readonly assertionCount: number;
}

export interface LoadCasesOptions {
  readonly dataset: string;
  readonly idColumn: string;
  readonly labelColumn: string;
  readonly sliceBy: readonly string[];
  readonly expectedSha256: string | undefined;
  readonly shard: { readonly index: number; readonly count: number } | undefined;
  readonly prompt: string;
  readonly assertions: string | undefined;
  readonly assertColumn: string;
  readonly hasJudge: boolean;
  readonly cwd: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Loads the eval set, the prompt template and the assertions, and prepares every case of this
 * shard: the prompt rendered from its row, its assertions (the `assertions` file's, then its own
 * from the assert column) compiled. All configuration errors (a missing field, a bad regex, an
 * llm-rubric without a judge, …) are thrown here, naming the file, line and case, before any
 * request is sent.
 */
export async function loadCases(options: LoadCasesOptions): Promise<LoadedCases> {
  const { dataset, cwd } = options;
  const fp = await fingerprintFile(dataset, cwd);
  if (options.expectedSha256 !== undefined && fp.sha256 !== options.expectedSha256) {
    throw new DataError(
      `The eval set ${dataset} has changed: its sha256 is ${fp.sha256}, but 'expected-sha256' pins ${options.expectedSha256}.`,
      {
        code: 'dataset-changed',
        hint: "If the change is intended, update 'expected-sha256' (and the baseline); else restore the file.",
        location: { file: dataset },
      },
    );
  }
  const all = await readAllRows(dataset, { cwd });
  const columns = all.columns;
  for (const column of options.sliceBy) {
    if (!columns.includes(column)) {
      throw new DataError(
        `The eval set ${dataset} has no column "${column}" (input 'slice-by'). Its columns: ${columns.slice(0, 30).join(', ')}.`,
        { location: { file: dataset } },
      );
    }
  }

  const promptText = await readTextFile(resolve(cwd, options.prompt), 'prompt');
  const template: PromptTemplate = parsePromptTemplate(promptText, options.prompt);
  checkTemplateFields(template, columns, options.prompt, dataset);
  const promptFp: InputFingerprint = {
    role: 'prompt',
    path: options.prompt,
    sha256: sha256(promptText),
    bytes: Buffer.byteLength(promptText),
  };
  const fingerprints: InputFingerprint[] = [
    { role: 'dataset', path: dataset, sha256: fp.sha256, bytes: fp.bytes, rows: all.rows.length },
    promptFp,
  ];

  let shared: AssertionSpec[] = [];
  if (options.assertions !== undefined) {
    const text = await readTextFile(resolve(cwd, options.assertions), 'assertions');
    shared = parseAssertionText(text, { file: options.assertions });
    fingerprints.push({
      role: 'assertions',
      path: options.assertions,
      sha256: sha256(text),
      bytes: Buffer.byteLength(text),
    });
  }

  const compiler = new AssertionCompiler({ hasJudge: options.hasJudge });
  const idsFromIndex = !columns.includes(options.idColumn);
  const hasAssertColumn = columns.includes(options.assertColumn);
  const hasLabel = columns.includes(options.labelColumn);
  const seen = new Map<string, number>();
  const cases: LlmCase[] = [];
  let usesPairwise = false;
  let usesJudge = false;
  let assertionCount = 0;
  all.rows.forEach((row, index) => {
    const values = row.values;
    const id = idsFromIndex ? String(index) : labelOf(values[options.idColumn]);
    if (id === undefined) {
      throw new DataError(
        `Row ${index + 1} of ${dataset} has no id in column "${options.idColumn}".`,
        {
          hint: 'Every eval row needs a unique id (check-regression pairs examples by id).',
          location: { file: row.file, line: row.line },
        },
      );
    }
    const seenAt = seen.get(id);
    if (seenAt !== undefined) {
      throw new DataError(
        `The eval set ${dataset} has id ${JSON.stringify(id)} twice (lines ${seenAt} and ${row.line}).`,
        { hint: 'Ids must be unique.', location: { file: row.file, line: row.line } },
      );
    }
    seen.set(id, row.line);
    if (options.shard && shardOf(id, options.shard.count) !== options.shard.index) return;

    const source = { file: row.file, line: row.line, caseId: id };
    const cell = hasAssertColumn ? values[options.assertColumn] : undefined;
    const own =
      typeof cell === 'string'
        ? parseAssertionText(cell, source)
        : parseAssertionList(cell, source);
    // Shared assertions are blamed on the assertions file, the row's own on the row's line.
    const assertions = [
      ...compiler.compile(shared, values, { file: options.assertions ?? dataset, caseId: id }),
      ...compiler.compile(own, values, source),
    ];
    for (const a of assertions) {
      if (a.base === 'pairwise') usesPairwise = true;
      if (JUDGE_TYPES.has(a.base)) usesJudge = true;
    }
    assertionCount += assertions.length;
    let slices: Record<string, string> | undefined;
    if (options.sliceBy.length > 0) {
      slices = {};
      for (const column of options.sliceBy) slices[column] = labelOf(values[column]) ?? '(missing)';
    }
    cases.push({
      id,
      index,
      messages: renderPrompt(template, values, id, options.prompt),
      assertions,
      ...(hasLabel && { expected: jsonCell(values[options.labelColumn]) }),
      ...(slices !== undefined && { slices }),
    });
  });
  return {
    cases,
    totalRows: all.rows.length,
    datasetSha256: fp.sha256,
    promptSha256: promptFp.sha256,
    fingerprints,
    usesPairwise,
    usesJudge,
    idsFromIndex,
    assertionCount,
  };
}

/** Every `{{field}}` of the prompt must be a column (or a dotted path into one). */
function checkTemplateFields(
  template: PromptTemplate,
  columns: readonly string[],
  promptFile: string,
  dataset: string,
): void {
  for (const message of template.messages) {
    for (const field of templateFields(message.content)) {
      const head = field.split('.')[0] ?? field;
      if (!columns.includes(field) && !columns.includes(head)) {
        throw new DataError(
          `The prompt file ${promptFile} uses {{${field}}}, but the eval set ${dataset} has no column "${field}".`,
          {
            hint: `Its columns are: ${columns.slice(0, 30).join(', ')}.`,
            location: { file: promptFile },
          },
        );
      }
    }
  }
}

/**
 * Reads the baseline's per-example JSONL (an evaluation's `*.examples.jsonl`) into id → output
 * (`predicted`, as text), for `pairwise`. Rows without a text output are skipped.
 */
export async function loadBaselineOutputs(path: string, cwd: string): Promise<Map<string, string>> {
  const text = await readTextFile(resolve(cwd, path), 'baseline outputs');
  const outputs = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? '';
    if (line === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new DataError(`Line ${i + 1} of ${path} is not JSON.`, {
        hint: "Pass the baseline evaluation's per-example JSONL (<report>.examples.jsonl).",
        location: { file: path, line: i + 1 },
      });
    }
    const { id, predicted } = (row ?? {}) as { id?: unknown; predicted?: unknown };
    if (typeof id === 'string' && typeof predicted === 'string') outputs.set(id, predicted);
  }
  return outputs;
}
