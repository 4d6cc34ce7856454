/**
 * The conformance check: every action.yml, workflow and documentation snippet of a repository,
 * read by GitHub's own parsers (@actions/workflow-parser, the parser of the Actions runner service,
 * and @actions/languageservice, the validator behind GitHub's VS Code extension), plus the uses of
 * the repository's own actions resolved to their action.yml.
 *
 * Load this module only after scripts/conformance/json-modules.mjs is registered (main.ts does):
 * the parsers import JSON without import attributes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '@actions/languageservice';
import type { ValidationConfig } from '@actions/languageservice';
import {
  NoOperationTraceWriter,
  convertWorkflowTemplate,
  parseWorkflow,
} from '@actions/workflow-parser';
import {
  convertActionTemplate,
  getActionSchema,
  parseAction,
} from '@actions/workflow-parser/actions/index';
import type { ActionTemplate } from '@actions/workflow-parser/actions/index';
import { isMapping } from '@actions/workflow-parser';
import { ErrorPolicy } from '@actions/workflow-parser/model/convert';
import type { MappingDefinition } from '@actions/workflow-parser/templates/schema/mapping-definition';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import type { TemplateValidationError } from '@actions/workflow-parser/templates/template-validation-error';
import type { FileProvider } from '@actions/workflow-parser/workflows/file-provider';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { checkOwnActionUses } from './own-actions.js';
import type { RawFinding, ResolveAction } from './own-actions.js';
import { collectSources } from './sources.js';
import type { Position, SkippedBlock, Source } from './sources.js';

/** One problem, at a position of a file of the repository. */
export interface Finding {
  /** Relative to the repository root. */
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** The outcome of a run: the problems, and what was read. */
export interface ConformanceResult {
  readonly findings: readonly Finding[];
  readonly checked: {
    readonly actions: number;
    readonly workflows: number;
    readonly snippets: number;
  };
  readonly skippedBlocks: readonly SkippedBlock[];
  /** Steps that use one of the repository's actions, each resolved to its action.yml. */
  readonly ownUses: number;
  /** Steps that use a third-party action, and third-party reusable workflows called, which
   * cannot be read offline. */
  readonly skippedUses: number;
}

const trace = new NoOperationTraceWriter();

function fromParser(error: TemplateValidationError): RawFinding {
  return {
    at: { line: error.range?.start.line ?? 1, col: error.range?.start.column ?? 1 },
    message: error.rawMessage,
  };
}

/**
 * The repository's own actions by `uses:` value: `./<path>` and `<owner>/<repo>/<path>@<ref>`
 * where <repo> is `repoName` resolve to `<root>/<path>/action.yml`, parsed by GitHub's parser.
 */
function actionResolver(root: string, repoName: string): ResolveAction {
  const cache = new Map<string, ActionTemplate | 'missing' | 'unreadable'>();
  return (uses) => {
    let path: string | undefined;
    if (uses.startsWith('./')) path = uses.slice(2).replace(/\/+$/, '');
    else {
      const m = /^[^/@]+\/([^/@]+)\/([^@]+)@.+$/.exec(uses);
      if (m && m[1] === repoName) path = m[2]!.replace(/\/+$/, '');
    }
    if (path === undefined) return undefined;
    if (!cache.has(path)) {
      const file = join(root, path, 'action.yml');
      if (!existsSync(file)) cache.set(path, 'missing');
      else {
        const parsed = parseAction({ name: file, content: readFileSync(file, 'utf8') }, trace);
        cache.set(
          path,
          parsed.value
            ? convertActionTemplate(parsed.context, parsed.value, {
                errorPolicy: ErrorPolicy.TryConversion,
              })
            : 'unreadable',
        );
      }
    }
    return cache.get(path);
  };
}

/**
 * Reusable workflows of this repository (`./.github/workflows/x.yml`, or
 * `<owner>/<repo>/.github/workflows/x.yml@ref` with <repo> this one) read from disk, so that the
 * parser checks a caller's `with:` and `secrets:` against the callee's `workflow_call`.
 */
function workflowFiles(
  root: string,
  repoName: string,
  onThirdParty: (ref: string) => void,
): FileProvider {
  return {
    getFileContent: (ref) => {
      const ours = !('repository' in ref) || ref.repository === repoName;
      if (!ours) onThirdParty(`${ref.owner}/${ref.repository}/${ref.path}@${ref.version}`);
      const file = join(root, ref.path);
      if (!ours || !existsSync(file)) {
        return Promise.reject(new Error(`not readable offline: ${JSON.stringify(ref)}`));
      }
      return Promise.resolve({ name: file, content: readFileSync(file, 'utf8') });
    },
  };
}

/** The parser's error for a reusable workflow its file provider could not give. */
const UNFETCHED_WORKFLOW = 'Unable to find reusable workflow';

/**
 * Keys of an input definition that GitHub's action schema does not declare. The schema's
 * `input-strict` takes loose keys, so the parser and the runner accept and ignore them, and a typo
 * such as `requird: true` silently leaves the input optional. The known keys come from the same
 * schema.
 */
function unknownInputKeys(root: TemplateToken): RawFinding[] {
  const known = Object.keys(
    (getActionSchema().getDefinition('input-strict') as MappingDefinition).properties,
  );
  const findings: RawFinding[] = [];
  if (!isMapping(root)) return findings;
  for (const { key, value } of root) {
    if (key.toString() !== 'inputs' || !isMapping(value)) continue;
    for (const { key: id, value: input } of value) {
      if (!isMapping(input)) continue;
      for (const { key: field } of input) {
        if (known.includes(field.toString())) continue;
        findings.push({
          at: { line: field.range?.start.line ?? 1, col: field.range?.start.column ?? 1 },
          message: `input '${id.toString()}': '${field.toString()}' is not a key of an action input (${known.join(', ')}); the runner ignores it`,
        });
      }
    }
  }
  return findings;
}

function checkAction(source: Source): RawFinding[] {
  const parsed = parseAction({ name: source.file, content: source.text }, trace);
  if (parsed.value) {
    convertActionTemplate(parsed.context, parsed.value, { errorPolicy: ErrorPolicy.TryConversion });
  }
  return [
    ...parsed.context.errors.getErrors().map(fromParser),
    ...(parsed.value ? unknownInputKeys(parsed.value) : []),
  ];
}

async function languageService(source: Source, config: ValidationConfig): Promise<RawFinding[]> {
  const doc = TextDocument.create(source.uri, 'yaml', 1, source.text);
  const diagnostics = await validate(doc, config);
  return diagnostics
    .filter(
      (d) =>
        d.severity === undefined ||
        d.severity === DiagnosticSeverity.Error ||
        d.severity === DiagnosticSeverity.Warning,
    )
    .map((d) => ({
      at: { line: d.range.start.line + 1, col: d.range.start.character + 1 },
      message: typeof d.message === 'string' ? d.message : d.message.value,
    }));
}

/**
 * Runs the check over the repository at `root` (whose GitHub name is `repoName`) and returns
 * every problem, sorted by file and position, without duplicates (the parser's own errors are
 * also reported by the language service, which runs it).
 */
export async function runConformance(root: string, repoName: string): Promise<ConformanceResult> {
  const sources = collectSources(root);
  const resolve = actionResolver(root, repoName);
  // Third-party reusable workflows cannot be read offline: counted as skipped, and the parser's
  // error for them dropped (the one for a missing workflow of this repository stays).
  const thirdPartyWorkflows = new Set<string>();
  const fileProvider = workflowFiles(root, repoName, (ref) => thirdPartyWorkflows.add(ref));
  const config: ValidationConfig = { fileProvider };
  const isThirdPartyCall = (text: string, line: number): boolean => {
    const uses = /^\s*uses:\s*['"]?([^\s'"#]+)/.exec(text.split('\n')[line - 1] ?? '')?.[1];
    return uses !== undefined && !uses.startsWith('./') && uses.split('/')[1] !== repoName;
  };
  const findings = new Map<string, Finding>();
  const add = (
    source: Source | { file: string; toFile: (p: Position) => Position },
    raw: RawFinding,
  ): void => {
    const at = source.toFile(raw.at);
    // One line per problem: a YAML error's message goes on with an excerpt of the source.
    const message = raw.message.split('\n')[0]!.trim();
    const finding = { file: source.file, line: at.line, col: at.col, message };
    findings.set(`${finding.file}:${finding.line}:${finding.col}:${finding.message}`, finding);
  };
  let ownUses = 0;
  let skippedUses = 0;

  for (const source of sources.actions) {
    for (const raw of checkAction(source)) add(source, raw);
    for (const raw of await languageService(source, config)) add(source, raw);
  }
  for (const source of [...sources.workflows, ...sources.snippets]) {
    const parsed = parseWorkflow({ name: source.uri, content: source.text }, trace);
    if (parsed.value) {
      await convertWorkflowTemplate(parsed.context, parsed.value, fileProvider, {
        errorPolicy: ErrorPolicy.TryConversion,
        fetchReusableWorkflowDepth: 1,
      });
      const uses = checkOwnActionUses(parsed.value, source.text, resolve);
      for (const raw of uses.findings) add(source, raw);
      ownUses += uses.count.ours;
      skippedUses += uses.count.skipped;
    }
    const raws = [
      ...parsed.context.errors.getErrors().map(fromParser),
      ...(await languageService(source, config)),
    ];
    for (const raw of raws) {
      if (raw.message === UNFETCHED_WORKFLOW && isThirdPartyCall(source.text, raw.at.line))
        continue;
      add(source, raw);
    }
  }
  for (const block of sources.broken) {
    add({ file: block.file, toFile: (p) => p }, { at: block.at, message: block.message });
  }

  return {
    findings: [...findings.values()].sort(
      (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col,
    ),
    checked: {
      actions: sources.actions.length,
      workflows: sources.workflows.length,
      snippets: sources.snippets.length,
    },
    skippedBlocks: sources.skipped,
    ownUses,
    skippedUses: skippedUses + thirdPartyWorkflows.size,
  };
}
