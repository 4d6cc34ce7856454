/**
 * Shows the PR comment as a reviewer sees it on GitHub: the markdown rendered as GitHub-flavoured
 * markdown (micromark + GFM), styled with GitHub's own stylesheet (github-markdown-css), the
 * mermaid chart drawn by mermaid, and a screenshot taken by a headless Chromium (Debian's
 * `chromium`; `apt-get install -y chromium fonts-noto-color-emoji`).
 *
 *   npx tsx scripts/render-comment.ts [--markdown comment.md | --reports folder]
 *                                     [--out docs/pr-comment.png] [--html page.html] [--height 1500]
 *
 * --reports renders the reports of a folder as pr-summary would (the demo's are in
 * `.tmp/demo/workspace/modelgate` after `npm run demo`); without either it renders the realistic
 * reports of test/fixtures/pr-summary (every kind: data validation, two evaluations, regression,
 * cost).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { formatMarker, parseReport, renderPrComment } from '@modelgate/core';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = ['data-validation', 'evaluation', 'regression', 'evaluation-llm', 'cost'];

/**
 * The comment of the reports in `folder` (every `*.json`, as pr-summary collects them), or of
 * the fixture reports, with the links pr-summary makes on a runner.
 */
function reportsComment(folder: string | undefined): string {
  const paths = folder
    ? readdirSync(folder)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => join(folder, f))
    : FIXTURES.map((name) => join(ROOT, 'test', 'fixtures', 'pr-summary', `${name}.json`));
  const reports = paths.map((path) => parseReport(JSON.parse(readFileSync(path, 'utf8')), path));
  const run = folder
    ? 'https://github.com/octo-org/modelgate-demo/actions/runs/4242'
    : 'https://github.com/acme/weather-model/actions/runs/9001';
  return renderPrComment(reports, {
    title: 'modelgate',
    now: new Date('2025-06-02T12:00:00Z'),
    marker: formatMarker({ key: 'modelgate', headSha: 'a'.repeat(40), runId: 9001 }),
    links: { runUrl: run, artifactsUrl: `${run}#artifacts` },
  }).markdown;
}

/** GitHub's alert blocks (`> [!WARNING]`), which micromark leaves as quotes, as GitHub shows them. */
function alerts(html: string): string {
  return html.replace(
    /<blockquote>\s*<p>\[!(NOTE|WARNING|CAUTION|TIP|IMPORTANT)\]\s*/g,
    (_m, kind: string) =>
      `<blockquote class="alert alert-${kind.toLowerCase()}"><p><strong>${kind[0]}${kind.slice(1).toLowerCase()}</strong><br>`,
  );
}

/** The HTML page: GitHub's comment width and stylesheet, mermaid blocks drawn. */
export function commentPage(markdown: string): string {
  const body = alerts(
    micromark(markdown, {
      allowDangerousHtml: true,
      extensions: [gfm()],
      htmlExtensions: [gfmHtml()],
    }),
  ).replace(
    /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g,
    '<pre class="mermaid">$1</pre>',
  );
  const css = readFileSync(
    join(ROOT, 'node_modules', 'github-markdown-css', 'github-markdown-light.css'),
    'utf8',
  );
  const mermaid = readFileSync(
    join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js'),
    'utf8',
  );
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>PR comment</title>
<style>${css}
body { margin: 0; background: #fff; }
.comment { max-width: 880px; margin: 16px; border: 1px solid #d0d7de; border-radius: 6px; }
.comment-head { background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 8px 16px;
  font: 14px -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #57606a; }
.markdown-body { padding: 16px; font-size: 14px; }
.alert { border-left: .25em solid #9a6700; color: inherit; }
.alert-warning strong { color: #9a6700; }
.alert-note { border-left-color: #0969da; }
</style></head>
<body><div class="comment"><div class="comment-head"><b>github-actions</b> bot commented</div>
<div class="markdown-body">${body}</div></div>
<script>${mermaid.replace(/<\/script/gi, '<\\/script')}</script>
<script>mermaid.initialize({ startOnLoad: true, theme: 'default' });</script>
</body></html>`;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      markdown: { type: 'string' },
      reports: { type: 'string' },
      out: { type: 'string', default: join(ROOT, 'docs', 'pr-comment.png') },
      html: { type: 'string' },
      height: { type: 'string', default: '1500' },
    },
  });
  const markdown = values.markdown
    ? readFileSync(values.markdown, 'utf8')
    : reportsComment(values.reports);
  const work = mkdtempSync(join(tmpdir(), 'modelgate-comment-'));
  try {
    const page = values.html ?? join(work, 'comment.html');
    writeFileSync(page, commentPage(markdown));
    execFileSync(
      'chromium',
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--hide-scrollbars',
        `--user-data-dir=${join(work, 'profile')}`,
        `--screenshot=${resolve(values.out)}`,
        `--window-size=912,${values.height}`,
        '--virtual-time-budget=10000',
        `file://${resolve(page)}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 },
    );
    console.log(`wrote ${values.out}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
