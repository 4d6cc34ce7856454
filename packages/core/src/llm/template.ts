import { z } from 'zod';
import { parseConfigDocument } from '../config-document';
import { DataError } from '../errors';
import { formatIssues } from '../report/kinds';

/** One chat message, as the chat-completions protocol takes it. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** A prompt file, parsed: messages whose contents hold `{{field}}` placeholders. */
export interface PromptTemplate {
  readonly messages: readonly ChatMessage[];
}

/** A row of the eval set as the templates see it: column name → value. */
export type TemplateRow = Readonly<Record<string, unknown>>;

const Role = z.enum(['system', 'user', 'assistant']);
const MessagesFile = z.strictObject({
  messages: z.array(z.strictObject({ role: Role, content: z.string() })).min(1),
});
const SystemUserFile = z
  .strictObject({ system: z.string().optional(), user: z.string() })
  .transform(({ system, user }) => ({
    messages: [
      ...(system === undefined ? [] : [{ role: 'system' as const, content: system }]),
      { role: 'user' as const, content: user },
    ],
  }));

/**
 * Parses a prompt template file. YAML or JSON (YAML is a superset) holding either
 * `messages: [{role, content}]` or `system` and `user` strings. A `.txt` or `.md` file, or one
 * whose YAML is not a mapping, is one user message. Throws a {@link DataError} naming `file`
 * (and the line, for YAML syntax errors) when it is malformed.
 */
export function parsePromptTemplate(text: string, file: string): PromptTemplate {
  if (/\.(txt|md)$/i.test(file)) {
    if (text.trim() === '') {
      throw new DataError('The prompt file is empty.', { location: { file } });
    }
    return { messages: [{ role: 'user', content: text }] };
  }
  const value = parseConfigDocument(text, file, 'prompt').value;
  if (typeof value === 'string' || value === null || value === undefined) {
    if (text.trim() === '') {
      throw new DataError('The prompt file is empty.', { location: { file } });
    }
    return { messages: [{ role: 'user', content: text }] };
  }
  const schema = typeof value === 'object' && 'messages' in value ? MessagesFile : SystemUserFile;
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new DataError(`The prompt file is malformed: ${formatIssues(result.error)}.`, {
      hint: 'Write `messages: [{role: system|user|assistant, content}]`, or `system:` and `user:` strings.',
      location: { file },
    });
  }
  return result.data;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The fields a template text refers to, in order of first use. */
export function templateFields(text: string): string[] {
  const fields = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) fields.add(match[1] ?? '');
  return [...fields];
}

/** Where a template is rendered, for messages: the case id and what the template is. */
export interface RenderSite {
  readonly caseId: string;
  /** E.g. `the prompt file prompts/qa.yaml` or `assertion 2 (contains)`. */
  readonly what: string;
  readonly file?: string;
  readonly line?: number;
}

/**
 * Fills each `{{field}}` of `text` from `row`. A field is a column name, or a dotted path into a
 * column that holds an object (`{{meta.lang}}`). Strings are inserted as they are, null as '',
 * and other values as JSON. Throws a {@link DataError} naming the case and field when the row has
 * no such field, so that no request is sent with a half-filled prompt.
 */
export function renderTemplate(text: string, row: TemplateRow, site: RenderSite): string {
  if (!text.includes('{{')) return text;
  return text.replace(PLACEHOLDER, (_whole, field: string) => {
    const value = lookupField(row, field);
    if (value === undefined) {
      const columns = Object.keys(row);
      throw new DataError(
        `Case "${site.caseId}": ${site.what} uses {{${field}}}, but the row has no field "${field}".`,
        {
          hint: `The row's fields are: ${columns.slice(0, 20).join(', ')}${columns.length > 20 ? ', …' : ''}.`,
          ...(site.file !== undefined && {
            location: { file: site.file, ...(site.line !== undefined && { line: site.line }) },
          }),
        },
      );
    }
    return stringifyCell(value);
  });
}

/** Renders every message of a prompt template for one row. See {@link renderTemplate}. */
export function renderPrompt(
  template: PromptTemplate,
  row: TemplateRow,
  caseId: string,
  file: string,
): ChatMessage[] {
  const site: RenderSite = { caseId, what: `the prompt file ${file}`, file };
  return template.messages.map((m) => ({
    role: m.role,
    content: renderTemplate(m.content, row, site),
  }));
}

function lookupField(row: TemplateRow, field: string): unknown {
  if (Object.hasOwn(row, field)) return row[field];
  let value: unknown = row;
  for (const part of field.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A cell as text: strings as they are, null and undefined as '', other values as JSON. */
export function stringifyCell(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}
