import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Input, parseHeaders, parseInputs } from '../../../actions/evaluate-model/src/inputs';
import { runEvaluate, tempWorkspace, writeJsonl } from '../../helpers/evaluate-model';

const get = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

describe('parseInputs', () => {
  it('reads an endpoint run with its defaults', () => {
    const inputs = parseInputs(get({ dataset: 'e.jsonl', endpoint: 'http://127.0.0.1:1/p' }));
    expect(inputs).toMatchObject({
      mode: 'evaluate',
      idColumn: 'id',
      labelColumn: 'label',
      minSliceSize: 30,
      source: {
        kind: 'endpoint',
        concurrency: 8,
        timeoutMs: 30000,
        retries: 3,
        responsePath: 'prediction',
      },
      common: { maxErrorRate: 0, reportPath: 'modelgate/evaluation.json' },
    });
  });

  it.each([
    [{}, 'id'],
    [{ 'id-column': 'uid' }, 'uid'],
    [{ 'id-column': 'uid', 'predictions-id-column': 'key' }, 'key'],
  ])('takes the predictions file id column from %p: %s', (extra, idColumn) => {
    const inputs = parseInputs(get({ dataset: 'e.jsonl', predictions: 'p.jsonl', ...extra }));
    expect(inputs).toMatchObject({ source: { kind: 'predictions', path: 'p.jsonl', idColumn } });
  });

  it.each([
    [{ dataset: 'e' }, /Set one prediction source/],
    [
      { dataset: 'e', predictions: 'p', command: 'c' },
      /only one prediction source; got 'predictions' and 'command'/,
    ],
    [{ predictions: 'p' }, /Input 'dataset' is required/],
    [{ dataset: 'e', predictions: 'p', shard: '3/2' }, /Input 'shard' must be i\/n with 1 ≤ i ≤ n/],
    [
      { dataset: 'e', predictions: 'p', 'max-error-rate': '5%' },
      /Input 'max-error-rate' must be a fraction/,
    ],
    [{ dataset: 'e', endpoint: 'ftp://x' }, /Input 'endpoint' must be an http\(s\) URL/],
    [
      { dataset: 'e', endpoint: 'http://x', concurrency: '0' },
      /Input 'concurrency' must be a whole number of 1 or more/,
    ],
    [
      { dataset: 'e', predictions: 'p', task: 'ranking' },
      /Input 'task' must be one of classification, regression/,
    ],
    [
      { dataset: 'e', predictions: 'p', 'expected-sha256': 'abc' },
      /Input 'expected-sha256' must be the 64 hex digits/,
    ],
    [{ merge: 'x/*.json', predictions: 'p' }, /cannot be combined with 'predictions'/],
  ])('rejects %p', (inputs, message) => {
    expect(() => parseInputs(get(inputs))).toThrow(message);
  });

  it('parses header lines and JSON, without echoing a secret value', () => {
    expect(parseHeaders('Authorization: Bearer abc\nX-Team:  ml ')).toEqual([
      { name: 'Authorization', value: 'Bearer abc' },
      { name: 'X-Team', value: 'ml' },
    ]);
    expect(parseHeaders('{"x-key": "v"}')).toEqual([{ name: 'x-key', value: 'v' }]);
    expect(() => parseHeaders('Bearer supersecretvalue123')).toThrow(/line 1 is not 'Name: value'/);
  });

  it.each([
    ['Bearer sk-live-0123456789', 1],
    ['X-Team: ml\n\nsk-live-0123456789', 3],
    ['X-Team: ml\r\n  sk-live-0123456789 trailing', 2],
  ])('quotes nothing of a malformed header line %p, and names its own line', (raw, line) => {
    let message = '';
    try {
      parseHeaders(raw);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(`Input 'headers' line ${line} is not 'Name: value'.`);
    // Not even a prefix of the token (the old message quoted the line's first 12 characters).
    expect(message).not.toMatch(/sk-l|Bear|trail/);
  });

  it('names every input in the Input constants', () => {
    expect(Object.values(Input)).toContain('request-template');
  });
});

describe('evaluate-model refuses bad input with a clear message and no stack', () => {
  const rows = [
    { id: 'a', text: 'x', label: 'p' },
    { id: 'b', text: 'y', label: 'n' },
  ];

  it('a missing label column, naming the columns', async () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'eval.jsonl', rows);
    writeJsonl(dir, 'p.jsonl', []);
    const { io } = await runEvaluate(
      { dataset: 'eval.jsonl', predictions: 'p.jsonl', 'label-column': 'target' },
      dir,
    );
    expect(io.failed).toMatch(
      /has no column "target" \(input 'label-column'\)\. Its columns: id, text, label/,
    );
  });

  it('a malformed eval set, with its line', async () => {
    const dir = tempWorkspace();
    writeFileSync(join(dir, 'eval.jsonl'), '{"id":"a","label":"p"}\n{"id":"b","label":\n');
    const { io } = await runEvaluate({ dataset: 'eval.jsonl', predictions: 'p.jsonl' }, dir);
    expect(io.failed).toMatch(/eval\.jsonl/);
    expect(io.annotations[0]!.props?.startLine).toBe(2);
  });

  it('a missing file', async () => {
    const dir = tempWorkspace();
    const { io } = await runEvaluate({ dataset: 'nope.jsonl', predictions: 'p.jsonl' }, dir);
    expect(io.failed).toMatch(/nope\.jsonl/);
    expect(io.failed).not.toMatch(/Internal error/);
  });

  it('a changed eval set against expected-sha256', async () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'eval.jsonl', rows);
    const { io } = await runEvaluate(
      { dataset: 'eval.jsonl', predictions: 'p.jsonl', 'expected-sha256': '0'.repeat(64) },
      dir,
    );
    expect(io.failed).toMatch(
      /has changed: its sha256 is [0-9a-f]{64}, but 'expected-sha256' pins 0{64}/,
    );
  });

  it('duplicate ids in the eval set and in the predictions file, with lines', async () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'eval.jsonl', [...rows, { id: 'a', text: 'z', label: 'p' }]);
    const dup = await runEvaluate({ dataset: 'eval.jsonl', predictions: 'p.jsonl' }, dir);
    expect(dup.io.failed).toMatch(/has id "a" twice \(lines 1 and 3\)/);
    writeJsonl(dir, 'eval.jsonl', rows);
    writeJsonl(dir, 'p.jsonl', [
      { id: 'a', prediction: 'p' },
      { id: 'a', prediction: 'n' },
    ]);
    const dupPred = await runEvaluate({ dataset: 'eval.jsonl', predictions: 'p.jsonl' }, dir);
    // The file once: the message names it and its lines, so no `p.jsonl:2: ` goes before it.
    expect(dupPred.io.failed).toMatch(
      /^The predictions file p\.jsonl has id "a" twice \(lines 1 and 2\)/,
    );
  });

  it('a template that is not JSON, or names an unknown column', async () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'eval.jsonl', rows);
    const bad = await runEvaluate(
      {
        dataset: 'eval.jsonl',
        endpoint: 'http://127.0.0.1:9/p',
        'request-template': '{"t": {{text}}}',
      },
      dir,
    );
    expect(bad.io.failed).toMatch(
      /Input 'request-template' is not a valid template: it is not valid JSON/,
    );
    const unknown = await runEvaluate(
      {
        dataset: 'eval.jsonl',
        endpoint: 'http://127.0.0.1:9/p',
        'request-template': '{"t": "{{body}}"}',
      },
      dir,
    );
    expect(unknown.io.failed).toMatch(/uses \{\{body\}\}, which is not a column of eval\.jsonl/);
  });

  it('masks header values', async () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'eval.jsonl', rows);
    const { io } = await runEvaluate(
      {
        dataset: 'eval.jsonl',
        endpoint: 'http://127.0.0.1:9/p',
        headers: 'Authorization: Bearer tok-123',
        retries: '0',
        'max-error-rate': '1',
      },
      dir,
    );
    expect(io.secrets).toContain('Bearer tok-123');
    expect(io.outputs.get('error-rate')).toBe('1');
  });
});
