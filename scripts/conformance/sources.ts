/**
 * What the conformance check reads: the repository's action.yml files, its workflows, and the
 * workflow or step snippets in its documentation, each as text GitHub's parsers can take, with a
 * map from the parsed text's line and column back to the file the user edits.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';

/** A position, 1-based, as GitHub's parsers and editors count. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

/** One text to parse as an action.yml or a workflow. */
export interface Source {
  readonly kind: 'action' | 'workflow';
  /** The file, relative to the repository root, with `/` separators. */
  readonly file: string;
  /** What to parse: the file itself, or a snippet wrapped in a synthetic workflow. */
  readonly text: string;
  /** A unique name for the parsers (their caches key on it). */
  readonly uri: string;
  /** Maps a position in `text` to the position in `file`. */
  readonly toFile: (at: Position) => Position;
}

/** A fenced yaml block that is not a workflow or steps (a schema, a policy, ...), left unchecked. */
export interface SkippedBlock {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

/** A yaml block that cannot be classified because it does not parse as YAML. */
export interface BrokenBlock {
  readonly file: string;
  readonly at: Position;
  readonly message: string;
}

/** Everything the check reads under one repository root. */
export interface Sources {
  readonly actions: readonly Source[];
  readonly workflows: readonly Source[];
  readonly snippets: readonly Source[];
  readonly skipped: readonly SkippedBlock[];
  readonly broken: readonly BrokenBlock[];
}

const identity = (at: Position): Position => at;

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile() && keep(path))
    .sort();
}

const isYaml = (path: string): boolean => /\.ya?ml$/.test(path);

/**
 * The sources under `root`: `actions/<name>/action.yml` and `test/fixture-action/action.yml`;
 * `.github/workflows/*.yml`; the fenced yaml blocks of `README.md`, `actions/<name>/README.md`
 * and `docs/**.md`; and the yaml files and markdown of `examples/**` that are workflows.
 * Missing folders are simply absent.
 */
export function collectSources(root: string): Sources {
  const rel = (path: string): string => relative(root, path).split('\\').join('/');
  const read = (path: string): string => readFileSync(path, 'utf8');
  const whole = (kind: Source['kind'], path: string): Source => ({
    kind,
    file: rel(path),
    text: read(path),
    uri: `file://${path}`,
    toFile: identity,
  });

  const actionDirs = existsSync(join(root, 'actions'))
    ? readdirSync(join(root, 'actions'), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => join(root, 'actions', d.name))
        .sort()
    : [];
  const actions = [...actionDirs, join(root, 'test', 'fixture-action')]
    .map((dir) => join(dir, 'action.yml'))
    .filter((path) => existsSync(path))
    .map((path) => whole('action', path));

  const workflows = filesUnder(join(root, '.github', 'workflows'), isYaml).map((path) =>
    whole('workflow', path),
  );

  const markdown = [
    join(root, 'README.md'),
    ...actionDirs.map((dir) => join(dir, 'README.md')),
    ...filesUnder(join(root, 'docs'), (p) => p.endsWith('.md')),
    ...filesUnder(join(root, 'examples'), (p) => p.endsWith('.md')),
  ].filter((path) => existsSync(path));

  const snippets: Source[] = [];
  const skipped: SkippedBlock[] = [];
  const broken: BrokenBlock[] = [];
  const take = (file: string, block: YamlBlock): void => {
    const result = classifyBlock(file, block);
    if ('source' in result) snippets.push(result.source);
    else if ('broken' in result) broken.push(result.broken);
    else skipped.push(result.skipped);
  };
  for (const path of markdown) {
    for (const block of yamlBlocks(read(path))) take(rel(path), block);
  }
  for (const path of filesUnder(join(root, 'examples'), isYaml)) {
    take(rel(path), { text: read(path), firstLine: 1, indent: 0 });
  }
  return { actions, workflows, snippets, skipped, broken };
}

/** A fenced yaml block of a markdown file. */
export interface YamlBlock {
  /** The block's lines with the fence's indentation removed. */
  readonly text: string;
  /** The markdown line (1-based) of the block's first line. */
  readonly firstLine: number;
  /** The fence's indentation, removed from every line. */
  readonly indent: number;
}

/** The ```yaml and ```yml blocks of a markdown text (CommonMark fences of backticks or tildes). */
export function yamlBlocks(markdown: string): YamlBlock[] {
  const lines = markdown.split('\n');
  const blocks: YamlBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*(\w+)?/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string | undefined];
    const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    let end = i + 1;
    while (end < lines.length && !close.test(lines[end]!)) end++;
    if (info === 'yaml' || info === 'yml') {
      const body = lines
        .slice(i + 1, end)
        .map((line) => line.slice(Math.min(indent.length, /^ */.exec(line)![0].length)));
      blocks.push({ text: `${body.join('\n')}\n`, firstLine: i + 2, indent: indent.length });
    }
    i = end;
  }
  return blocks;
}

type Classified = { source: Source } | { skipped: SkippedBlock } | { broken: BrokenBlock };

const isStep = (node: unknown): boolean => isMap(node) && (node.has('uses') || node.has('run'));

/**
 * A yaml block as GitHub would read it, if it is one:
 * - a mapping with `jobs:` is a workflow (given `on: workflow_dispatch` when it has no `on:`);
 * - a mapping with a `steps:` list is a job, given `runs-on: ubuntu-latest` when it has none;
 * - a list of mappings that each have `uses:` or `run:` is a list of steps, and a mapping with
 *   `uses:` or `run:` is one step;
 * - a job, steps or a step is wrapped in a synthetic one-job workflow;
 * - anything else (a schema, a policy, a config shown as yaml) is skipped.
 * Positions in the wrapped text map back to the block's own lines in the markdown file.
 */
export function classifyBlock(file: string, block: YamlBlock): Classified {
  const doc = parseDocument(block.text, { prettyErrors: false });
  const shift =
    (headerLines: number, extraIndent: number) =>
    (at: Position): Position =>
      at.line <= headerLines
        ? { line: block.firstLine, col: 1 + block.indent }
        : {
            line: at.line - headerLines + block.firstLine - 1,
            col: Math.max(1, at.col - extraIndent) + block.indent,
          };
  const uri = `file:///${file}#L${block.firstLine}`;
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const at = first.linePos?.[0] ?? { line: 1, col: 1 };
    return {
      broken: {
        file,
        at: shift(0, 0)({ line: at.line, col: at.col }),
        message: `YAML does not parse: ${first.message.split('\n')[0]}`,
      },
    };
  }
  const top = doc.contents;
  if (isMap(top) && top.has('jobs')) {
    if (top.has('on'))
      return { source: { kind: 'workflow', file, text: block.text, uri, toFile: shift(0, 0) } };
    const header = 'on: workflow_dispatch\n';
    return {
      source: { kind: 'workflow', file, text: header + block.text, uri, toFile: shift(1, 0) },
    };
  }
  const wrap = (header: string, indent: number): Classified => {
    const body = block.text
      .split('\n')
      .map((line) => (line === '' ? line : ' '.repeat(indent) + line))
      .join('\n');
    const headerLines = header.split('\n').length - 1;
    return {
      source: {
        kind: 'workflow',
        file,
        text: header + body,
        uri,
        toFile: shift(headerLines, indent),
      },
    };
  };
  const jobHeader = 'on: workflow_dispatch\njobs:\n  snippet:\n    runs-on: ubuntu-latest\n';
  if (isMap(top) && isSeq(top.get('steps'))) {
    return wrap(top.has('runs-on') ? jobHeader.replace(/ {4}runs-on.*\n/, '') : jobHeader, 4);
  }
  if (isSeq(top) && top.items.length > 0 && top.items.every(isStep)) {
    return wrap(`${jobHeader}    steps:\n`, 6);
  }
  if (isStep(top)) return wrap(`${jobHeader}    steps:\n      -\n`, 8);
  return { skipped: { file, line: block.firstLine, reason: 'not a workflow or steps' } };
}
