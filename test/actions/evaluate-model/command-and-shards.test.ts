import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { fnv1a32, shardOf } from '@modelgate/core';
import { runEvaluate, tempWorkspace, writeJsonl } from '../../helpers/evaluate-model';

// A real local "model": node reads JSONL rows on stdin and answers one JSON line per row.
const nodeModel = (body: string) =>
  `node -e ${JSON.stringify(
    `const rl=require('readline').createInterface({input:process.stdin});const out=[];rl.on('line',l=>{const r=JSON.parse(l);${body}});rl.on('close',()=>process.stdout.write(out.join('\\n')+'\\n'));`,
  )}`;

const evalRows = Array.from({ length: 120 }, (_, i) => ({
  id: `ex-${i}`,
  x: i,
  group: i % 3 === 0 ? 'a' : 'b',
  label: i % 4 === 0 ? 'pos' : 'neg',
}));

describe('evaluate-model with a command', () => {
  it('runs a node script over JSONL batches and scores its answers', async () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'eval.jsonl', evalRows);
    const { io, report, examples } = await runEvaluate(
      {
        dataset: 'eval.jsonl',
        command: nodeModel(
          `const p=r.x%4===0||r.x%10===1?0.8:0.1;out.push(JSON.stringify({prediction:p>=0.5?'pos':'neg',probabilities:{pos:p,neg:1-p}}))`,
        ),
        'batch-size': '25',
      },
      dir,
    );
    expect(io.failed).toBeUndefined();
    expect(report!.body.model.source).toBe('command');
    expect(report!.body.run!.requests).toBe(5);
    expect(examples).toHaveLength(120);
    // Wrong exactly on x % 10 === 1 that are not x % 4 === 0: 12 of 120.
    expect(report!.metrics.accuracy!.value).toBeCloseTo(108 / 120, 12);
    expect(report!.metrics.latency_p50_ms!.value).toBeGreaterThan(0);
  });

  it('matches output lines by id in any order, and counts per-row errors', async () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'eval.jsonl', evalRows.slice(0, 10));
    const { io, report, examples } = await runEvaluate(
      {
        dataset: 'eval.jsonl',
        command: nodeModel(
          `out.unshift(JSON.stringify(r.x===3?{id:r.id,error:'model refused'}:{id:r.id,prediction:r.label}))`,
        ),
        'max-error-rate': '0.1',
      },
      dir,
    );
    expect(io.failed).toBeUndefined();
    expect(report!.metrics.accuracy!.value).toBe(1);
    expect(report!.body.errors).toEqual({ command: 1 });
    expect(examples[3]).toMatchObject({ status: 'error', error: 'model refused' });
  });

  it('fails clearly when the command exits non-zero, with the end of stderr', async () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'eval.jsonl', evalRows.slice(0, 3));
    const { io } = await runEvaluate(
      {
        dataset: 'eval.jsonl',
        command: `node -e "console.error('model file missing: m.onnx'); process.exit(3)"`,
      },
      dir,
    );
    expect(io.failed).toMatch(
      /exited with code 3 on rows 1–3\. stderr \(end\): model file missing: m\.onnx/,
    );
    expect(io.failed).not.toMatch(/at .*\.ts:\d+/);
  });

  it('fails clearly when the command writes the wrong number of lines', async () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'eval.jsonl', evalRows.slice(0, 4));
    const { io } = await runEvaluate({ dataset: 'eval.jsonl', command: `echo '"pos"'` }, dir);
    expect(io.failed).toMatch(/wrote 1 line\(s\) for a batch of 4 row\(s\)/);
  });
});

describe('sharding and merging', () => {
  it('splits by a stable FNV-1a hash of the id', () => {
    // FNV-1a 32-bit reference values (the published test vectors).
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    expect(fnv1a32('é')).toBe(fnv1a32('\u00e9'));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[shardOf(`id-${i}`, 4) - 1]!++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });

  it('merging the shard reports equals the unsharded run, metric for metric', async () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'eval.jsonl', evalRows);
    const preds = evalRows.map((r) => {
      const p = ((r.x * 37) % 100) / 100;
      return {
        id: r.id,
        prediction: p >= 0.5 ? 'pos' : 'neg',
        probabilities: { pos: p, neg: 1 - p },
        latency_ms: r.x,
      };
    });
    writeJsonl(dir, 'preds.jsonl', preds);
    const base = {
      dataset: 'eval.jsonl',
      predictions: 'preds.jsonl',
      'slice-by': 'group',
      'min-slice-size': '5',
    };
    const full = await runEvaluate({ ...base, 'report-path': 'full/evaluation.json' }, dir);
    const shardIds: string[][] = [];
    for (let i = 1; i <= 3; i++) {
      const shard = await runEvaluate(
        { ...base, shard: `${i}/3`, 'report-path': `shards/s${i}/evaluation.json` },
        dir,
      );
      expect(shard.io.failed).toBeUndefined();
      expect(shard.report!.body.shard).toEqual({ index: i, count: 3 });
      shardIds.push(shard.examples.map((e) => e.id));
      // Deterministic: the same split on a second run.
      const again = await runEvaluate(
        { ...base, shard: `${i}/3`, 'report-path': `again/s${i}.json` },
        dir,
      );
      expect(again.examples.map((e) => e.id)).toEqual(shardIds[i - 1]);
    }
    expect(shardIds.flat().sort()).toEqual(evalRows.map((r) => r.id).sort());

    const merged = await runEvaluate(
      { merge: 'shards/**/evaluation.json', 'report-path': 'merged/evaluation.json' },
      dir,
    );
    expect(merged.io.failed).toBeUndefined();
    expect(merged.report!.body.mergedFrom).toBe(3);
    expect(merged.report!.metrics).toEqual(full.report!.metrics);
    expect(merged.report!.body.confusionMatrix).toEqual(full.report!.body.confusionMatrix);
    expect(merged.report!.body.slices).toEqual(full.report!.body.slices);
    expect(merged.examples.map((e) => e.id)).toEqual(full.examples.map((e) => e.id));
  });

  it('refuses a missing shard, a shard given twice and shards of another eval set', async () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'eval.jsonl', evalRows);
    writeJsonl(dir, 'other.jsonl', evalRows.slice(0, 60));
    writeJsonl(
      dir,
      'preds.jsonl',
      evalRows.map((r) => ({ id: r.id, prediction: r.label })),
    );
    const shard = (i: number, dataset: string, path: string) =>
      runEvaluate(
        {
          dataset,
          predictions: 'preds.jsonl',
          shard: `${i}/2`,
          'report-path': path,
          'max-error-rate': '1',
        },
        dir,
      );
    await shard(1, 'eval.jsonl', 'a/s1.json');
    const missing = await runEvaluate({ merge: 'a/*.json', 'report-path': 'm1.json' }, dir);
    expect(missing.io.failed).toMatch(/Shard\(s\) 2 of 2 are missing/);

    await shard(1, 'eval.jsonl', 'b/s1.json');
    await shard(1, 'eval.jsonl', 'b/s1-again.json');
    const twice = await runEvaluate({ merge: 'b/*.json', 'report-path': 'm2.json' }, dir);
    expect(twice.io.failed).toMatch(/Shard 1\/2 is given twice/);

    await shard(1, 'eval.jsonl', 'c/s1.json');
    await shard(2, 'other.jsonl', 'c/s2.json');
    const mixed = await runEvaluate({ merge: 'c/*.json', 'report-path': 'm3.json' }, dir);
    expect(mixed.io.failed).toMatch(/shard of a different evaluation.*eval set sha256/);
  });

  it('refuses a shard whose per-example file was edited to overlap another shard', async () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'eval.jsonl', evalRows);
    writeJsonl(
      dir,
      'preds.jsonl',
      evalRows.map((r) => ({ id: r.id, prediction: r.label })),
    );
    for (const i of [1, 2]) {
      await runEvaluate(
        {
          dataset: 'eval.jsonl',
          predictions: 'preds.jsonl',
          shard: `${i}/2`,
          'report-path': `d/s${i}.json`,
        },
        dir,
      );
    }
    const file1 = join(dir, 'd', 's1.examples.jsonl');
    const file2 = join(dir, 'd', 's2.examples.jsonl');
    const firstOf2 = readFileSync(file2, 'utf8').split('\n')[0]!;
    writeFileSync(file1, `${readFileSync(file1, 'utf8')}${firstOf2}\n`);
    const { io } = await runEvaluate({ merge: 'd/*.json', 'report-path': 'm.json' }, dir);
    expect(io.failed).toMatch(/is in two shards|belongs to shard 2, not 1/);
  });

  it('sends a Parquet INT64 beyond 2^53 to the command as its decimal text', async () => {
    const dir = tempWorkspace();
    copyFileSync('test/fixtures/data/parquet/mixed-snappy.parquet', join(dir, 'eval.parquet'));
    const { io, report } = await runEvaluate(
      {
        dataset: 'eval.parquet',
        'label-column': 'big',
        // Exits 7 unless row 1's `big` came as every digit of 2^53 + 1, in a JSON string.
        command: nodeModel(
          `if(r.id===1&&r.big!=='9007199254740993')process.exit(7);out.push(JSON.stringify({prediction:r.big}))`,
        ),
        'batch-size': '5000',
      },
      dir,
    );
    expect(io.failed).toBeUndefined();
    expect(report!.body.examples.evaluated).toBe(5000);
    expect(report!.metrics.mae!.value).toBe(0);
  });
});
