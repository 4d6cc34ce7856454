/**
 * A small, deterministic multinomial naive Bayes text classifier (the model sklearn's
 * MultinomialNB fits, with Laplace smoothing alpha = 1 over word counts), for the tests that
 * need a real model to serve. Tokens: lower-case runs of 2–20 ASCII letters; the vocabulary is
 * the words seen in at least `minDocs` training documents.
 */

const TOKEN = /[a-z]{2,20}/g;

export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

export interface NaiveBayes {
  readonly classes: readonly string[];
  /** Class probabilities (softmax of the joint log likelihoods), keyed by class. */
  predictProba(text: string): Record<string, number>;
  /** The most probable class (the first of ties in `classes` order). */
  predict(text: string): string;
}

export function trainNaiveBayes(
  docs: readonly { text: string; label: string }[],
  options: { minDocs?: number; alpha?: number } = {},
): NaiveBayes {
  const minDocs = options.minDocs ?? 3;
  const alpha = options.alpha ?? 1;
  const classes = [...new Set(docs.map((d) => d.label))].sort();
  const docFreq = new Map<string, number>();
  const tokenized = docs.map((d) => tokenize(d.text));
  for (const tokens of tokenized)
    for (const t of new Set(tokens)) docFreq.set(t, (docFreq.get(t) ?? 0) + 1);
  const vocab = new Map<string, number>();
  for (const [word, n] of [...docFreq].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (n >= minDocs) vocab.set(word, vocab.size);
  }
  const v = vocab.size;
  const k = classes.length;
  const counts = classes.map(() => new Float64Array(v));
  const classDocs = new Float64Array(k);
  docs.forEach((d, i) => {
    const c = classes.indexOf(d.label);
    classDocs[c]! += 1;
    for (const t of tokenized[i]!) {
      const j = vocab.get(t);
      if (j !== undefined) counts[c]![j]! += 1;
    }
  });
  const logPrior = classes.map((_, c) => Math.log(classDocs[c]! / docs.length));
  const logLik = counts.map((row) => {
    let total = 0;
    for (let j = 0; j < v; j++) total += row[j]!;
    const out = new Float64Array(v);
    const denom = Math.log(total + alpha * v);
    for (let j = 0; j < v; j++) out[j] = Math.log(row[j]! + alpha) - denom;
    return out;
  });
  const jointLog = (text: string): number[] => {
    const scores = [...logPrior];
    for (const t of tokenize(text)) {
      const j = vocab.get(t);
      if (j === undefined) continue;
      for (let c = 0; c < k; c++) scores[c]! += logLik[c]![j]!;
    }
    return scores;
  };
  const predictProba = (text: string): Record<string, number> => {
    const s = jointLog(text);
    const max = Math.max(...s);
    let sum = 0;
    const e = s.map((x) => Math.exp(x - max));
    for (const x of e) sum += x;
    const out: Record<string, number> = {};
    classes.forEach((c, i) => (out[c] = e[i]! / sum));
    return out;
  };
  return {
    classes,
    predictProba,
    predict(text) {
      const p = predictProba(text);
      let best = classes[0]!;
      for (const c of classes) if (p[c]! > p[best]!) best = c;
      return best;
    },
  };
}
