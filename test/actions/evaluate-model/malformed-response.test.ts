import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { runEvaluate, tempWorkspace, writeJsonl } from '../../helpers/evaluate-model';
import { startModelServer } from '../../helpers/model-server';
import type { ModelReply, ModelServer } from '../../helpers/model-server';
import { startOpenAIServer } from '../../helpers/openai-server';
import type { ChatRequestBody, OpenAIServer } from '../../helpers/openai-server';

// A malformed 200 body is one example's error: the run goes on, and `max-error-rate` decides.

let model: ModelServer | undefined;
let openai: OpenAIServer | undefined;
afterEach(async () => {
  await model?.close();
  await openai?.close();
  model = undefined;
  openai = undefined;
});

const rows = Array.from({ length: 20 }, (_, i) => ({ id: `e${i}`, text: `t${i}`, label: 'ham' }));

/** Rows 3 and 7 get a malformed 200: an HTML page, and JSON with nothing at the path. */
const BAD: Record<string, ModelReply> = {
  t3: { headers: { 'content-type': 'text/html' }, body: '<html>upstream error</html>' },
  t7: { body: { result: 'ham' } },
};

describe('evaluate-model with a malformed 200 body', () => {
  it.each([
    ['0.1', 'pass', undefined],
    ['0.05', 'fail', /Error rate 0.1 \(2 of 20\) is above max-error-rate 0.05: bad-response 2/],
  ])(
    'endpoint mode: counts each as its example’s error and lets max-error-rate %s decide (%s)',
    async (maxErrorRate, status, failure) => {
      model = await startModelServer(
        ({ json }) => BAD[(json as { text: string }).text] ?? { body: { label: 'ham' } },
      );
      const cwd = tempWorkspace();
      writeJsonl(cwd, 'eval.jsonl', rows);
      const { report, examples, io } = await runEvaluate(
        {
          dataset: 'eval.jsonl',
          endpoint: model.url,
          'response-path': 'label',
          'request-template': '{"text": "{{text}}"}',
          'max-error-rate': maxErrorRate,
        },
        cwd,
      );
      expect(report?.status).toBe(status);
      expect(report?.metrics.error_rate?.value).toBe(0.1);
      expect(report?.body.errors).toEqual({ 'bad-response': 2 });
      expect(examples[3]).toMatchObject({
        errorCode: 'bad-response',
        error: 'the response is not JSON: "<html>upstream error</html>" after 1 attempt',
      });
      expect(examples[7]?.error).toMatch(/nothing at response-path "label"/);
      expect(examples.filter((e) => e.errorCode === undefined)).toHaveLength(18);
      // Not retried: one request per row.
      expect(model.requests).toHaveLength(20);
      if (failure === undefined) expect(io.failed).toBeUndefined();
      else expect(io.failed).toMatch(failure);
    },
  );

  it('LLM mode: a malformed model or judge reply is that trial’s error, and the run goes on', async () => {
    const isJudge = (b: ChatRequestBody) =>
      (b.messages?.[0]?.content ?? '').startsWith('You are an impartial');
    const lastUser = (b: ChatRequestBody) => b.messages?.at(-1)?.content ?? '';
    openai = await startOpenAIServer({
      answer: (body) => {
        const text = lastUser(body);
        if (isJudge(body)) {
          return text.includes('q2') ? { rawBody: '' } : '{"reason": "ok", "score": 1}';
        }
        if (text === 'q0') return { rawBody: '{"choices": []}' };
        if (text === 'q1') return { rawBody: '<html>Bad gateway</html>' };
        return 'fine';
      },
    });
    const cwd = tempWorkspace('mg-llm-');
    writeJsonl(
      cwd,
      'cases.jsonl',
      [0, 1, 2, 3, 4].map((i) => ({ id: `c${i}`, q: `q${i}` })),
    );
    writeFileSync(join(cwd, 'prompt.yaml'), 'user: "{{q}}"\n');
    writeFileSync(join(cwd, 'asserts.yaml'), '- type: llm-rubric\n  value: is fine\n');
    const { report, examples, io } = await runEvaluate(
      {
        provider: 'openai-compatible',
        'base-url': openai.baseUrl,
        model: 'gpt-4o-mini',
        'api-key': 'sk-test',
        dataset: 'cases.jsonl',
        prompt: 'prompt.yaml',
        assertions: 'asserts.yaml',
        'judge-model': 'gpt-4o',
        'max-error-rate': '1',
      },
      cwd,
    );
    expect(io.failed).toBeUndefined();
    expect(examples.map((e) => e.status)).toEqual(['error', 'error', 'error', 'ok', 'ok']);
    expect(examples[0]?.trials?.[0]?.error).toMatch(/no choices\[0\]/);
    expect(examples[1]?.trials?.[0]?.error).toMatch(/not JSON/);
    expect(examples[2]?.assertions?.[0]).toMatchObject({ error: true, pass: false });
    expect(report?.body.llm?.erroredCases).toBe(3);
    // Each malformed reply was asked once: 5 model requests and 3 judge requests.
    expect(openai.count()).toBe(8);
  });
});
