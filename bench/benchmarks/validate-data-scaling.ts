/**
 * validate-data's peak RSS as the rows grow: flights-3m's CSV halves repeated 1×, 3× and 10×
 * (3M, 9M and 30M rows over the two files). Streaming must keep the peak RSS flat: the target is
 * peak RSS at 10× within 1.25× of 1×. pandas + scipy runs at 1× and 3× for contrast (it holds
 * every row in memory; at 10× it would need several GB).
 */
import type { RowSpec } from '../harness/aggregate';
import { pythonPeer } from '../harness/benchmark';
import type { Benchmark, Job } from '../harness/benchmark';
import { flightsHalves } from '../harness/flights';
import { pandasRun, validateDataRun } from './validate-data';

const SCALES = [1, 3, 10] as const;
const PEER_SCALES = [1, 3] as const;

export const validateDataScaling: Benchmark = {
  name: 'validate-data-scaling',
  description:
    'validate-data (bundle) peak RSS on flights-3m CSV halves repeated 1×, 3×, 10×: streaming keeps memory flat',
  async setup(ctx) {
    const py = pythonPeer();
    const rows: RowSpec[] = [];
    const jobs: Job[] = [];
    for (const scale of SCALES) {
      const files = await flightsHalves(scale, ctx.log);
      const units = { count: files.rows, name: 'rows' };
      const name = `CSV ${scale}×`;
      rows.push({
        case: name,
        tool: 'modelgate',
        time: 'wall',
        units,
        ...(scale === 1
          ? {}
          : {
              peer: 'CSV 1×/modelgate',
              targets: [
                { label: 'peak RSS within 1.25× of 1×', on: 'rss-ratio', op: '<=', value: 1.25 },
              ],
              note: `ratios are against modelgate at 1× (${(files.bytes / 2 ** 20).toFixed(0)} MiB of CSV)`,
            }),
      });
      // 10× once per round would take minutes per run: the rounds are capped at 3 there.
      jobs.push({
        rows: [`${name}/modelgate`],
        spec: validateDataRun(ctx.node, files.ref, files.cur, `scale-${scale}`),
        ...(scale === 10 ? { runs: Math.min(ctx.runs, 3) } : {}),
      });
      if ((PEER_SCALES as readonly number[]).includes(scale)) {
        rows.push({
          case: name,
          tool: 'pandas + scipy',
          time: 'wall',
          units,
          ...(scale === 1
            ? {}
            : { peer: 'CSV 1×/pandas + scipy', note: 'ratios are against pandas at 1×' }),
        });
        jobs.push(
          py.ok
            ? {
                rows: [`${name}/pandas + scipy`],
                spec: pandasRun(files.ref, files.cur),
                runs: Math.min(ctx.runs, 3),
              }
            : { rows: [`${name}/pandas + scipy`], skipped: py.reason },
        );
      }
    }
    return {
      rows,
      jobs,
      notes: [
        'The ratios of the 3× and 10× rows are against the same tool at 1× (time ×, RSS ×): flat memory is RSS × close to 1.',
        'The 10× files (≈1.2 GB of CSV) are written once into bench/.cache/harness and reused.',
      ],
    };
  },
};
