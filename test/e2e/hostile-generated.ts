/**
 * The hostile corpus's cases that are made at test time: too large to commit, or not files git
 * can hold (a FIFO, a file without read permission). The committed cases are directories under
 * `test/fixtures/hostile/`; both kinds share {@link HostileCase}. Runs through
 * `test/e2e/hostile.test.ts`.
 */
import { execFileSync } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The actions whose bundles the corpus runs. */
export type HostileAction =
  'validate-data' | 'evaluate-model' | 'check-regression' | 'estimate-cost' | 'pr-summary';

/** One bad-input case. `case.json` holds every field but `name` (its folder) and `setup`. */
export interface HostileCase {
  readonly name: string;
  readonly action: HostileAction;
  /** Input values by action.yml name; paths are relative to the workspace. */
  readonly inputs: Readonly<Record<string, string>>;
  /** The exit code: 1 (the default) or 0. */
  readonly exit?: 0 | 1;
  /** Texts the error annotation must contain: the file, its line, the input, the reason. */
  readonly mentions?: readonly string[];
  /** Texts the error annotation must not contain (e.g. a wrong reason, a raw `ENOENT`). */
  readonly never?: readonly string[];
  /** What the case is about, for a reader. */
  readonly about?: string;
  /** Writes the case's files into the workspace. */
  readonly setup?: (workspace: string) => Promise<void>;
  /** Why the case cannot run here, or undefined. */
  readonly skip?: () => string | undefined;
}

const CSV = 'x,y\n1,a\n2,b\n3,c\n';

/** A YAML document of `depth` levels of nine aliases each: 9^depth nodes once expanded. */
export function aliasBomb(depth = 9): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= depth; i++) {
    lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

/** Makes a FIFO (named pipe): reading it blocks until something writes to it. */
function fifo(path: string): Promise<void> {
  execFileSync('mkfifo', [path]);
  return Promise.resolve();
}

const asRoot = (): string | undefined =>
  process.getuid?.() === 0 ? 'root reads files without read permission' : undefined;

/** Five megabytes of a valid mapping: over the config size limit. */
function hugeYaml(): string {
  const lines: string[] = [];
  for (let i = 0; lines.length * 110 < 5 * 1024 * 1024; i++) {
    lines.push(`k${i}: ${'x'.repeat(100)}`);
  }
  return `${lines.join('\n')}\n`;
}

export const GENERATED_CASES: readonly HostileCase[] = [
  {
    name: 'validate-data: the data is a FIFO',
    action: 'validate-data',
    inputs: { data: 'data.csv' },
    mentions: ['data.csv', 'FIFO'],
    setup: (ws) => fifo(join(ws, 'data.csv')),
  },
  {
    name: 'validate-data: the schema is a FIFO',
    action: 'validate-data',
    inputs: { data: 'data.csv', schema: 'schema.yml' },
    mentions: ['schema.yml', 'FIFO'],
    setup: async (ws) => {
      await writeFile(join(ws, 'data.csv'), CSV);
      await fifo(join(ws, 'schema.yml'));
    },
  },
  {
    name: 'validate-data: the schema is over the size limit',
    action: 'validate-data',
    inputs: { data: 'data.csv', schema: 'schema.yml' },
    mentions: ['schema.yml', 'limit'],
    setup: async (ws) => {
      await writeFile(join(ws, 'data.csv'), CSV);
      await writeFile(join(ws, 'schema.yml'), hugeYaml());
    },
  },
  {
    name: 'validate-data: the schema cannot be read',
    action: 'validate-data',
    inputs: { data: 'data.csv', schema: 'schema.yml' },
    mentions: ['schema.yml', 'permission'],
    never: ['EACCES'],
    skip: asRoot,
    setup: async (ws) => {
      await writeFile(join(ws, 'data.csv'), CSV);
      await writeFile(join(ws, 'schema.yml'), 'columns: {}\n');
      await chmod(join(ws, 'schema.yml'), 0o000);
    },
  },
  {
    name: 'check-regression: the candidate is a FIFO',
    action: 'check-regression',
    inputs: { candidate: 'candidate.json', baseline: 'candidate.json' },
    mentions: ['candidate.json', 'FIFO'],
    setup: (ws) => fifo(join(ws, 'candidate.json')),
  },
  {
    name: 'check-regression: the policy is a FIFO',
    action: 'check-regression',
    inputs: { candidate: 'metrics.json', baseline: 'metrics.json', policy: 'policy.yml' },
    mentions: ['policy.yml', 'FIFO'],
    setup: async (ws) => {
      await writeFile(join(ws, 'metrics.json'), '{"accuracy": 0.9}\n');
      await fifo(join(ws, 'policy.yml'));
    },
  },
  {
    name: 'estimate-cost: the traffic profile is a FIFO',
    action: 'estimate-cost',
    inputs: {
      model: 'gpt-4o-mini',
      'traffic-profile': 'traffic.yml',
      'avg-input-tokens': '500',
      'avg-output-tokens': '100',
    },
    mentions: ['traffic.yml', 'FIFO'],
    setup: (ws) => fifo(join(ws, 'traffic.yml')),
  },
  {
    name: 'pr-summary: the reports glob names a FIFO',
    action: 'pr-summary',
    inputs: { reports: 'report.json', artifacts: 'none', 'comment-mode': 'off' },
    mentions: ['report.json', 'FIFO'],
    setup: (ws) => fifo(join(ws, 'report.json')),
  },
  {
    name: 'evaluate-model: the dataset is a FIFO',
    action: 'evaluate-model',
    inputs: { dataset: 'eval.jsonl', predictions: 'predictions.jsonl' },
    mentions: ['eval.jsonl', 'FIFO'],
    setup: async (ws) => {
      await fifo(join(ws, 'eval.jsonl'));
      await writeFile(join(ws, 'predictions.jsonl'), '{"id": "1", "prediction": "a"}\n');
    },
  },
  {
    name: 'evaluate-model: the predictions file is a FIFO',
    action: 'evaluate-model',
    inputs: { dataset: 'eval.jsonl', predictions: 'predictions.jsonl' },
    mentions: ['predictions.jsonl', 'FIFO'],
    setup: async (ws) => {
      await writeFile(join(ws, 'eval.jsonl'), '{"id": "1", "label": "a"}\n');
      await fifo(join(ws, 'predictions.jsonl'));
    },
  },
];
