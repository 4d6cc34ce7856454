/**
 * GitHub's published OpenAPI description of its REST API (`@octokit/openapi`,
 * `generated/api.github.com.json`), as a checker of what the loopback GitHub server receives and
 * answers: a request's path, query and body, and a response's body, against the operation's
 * schemas. It also hands out the description's own examples, from which the server builds its
 * responses.
 *
 * The description is OpenAPI 3.0: schemas say `nullable: true` rather than a `null` type, and
 * refer to each other with `#/components/schemas/...`. They are rewritten once into JSON Schema
 * (2019-09, for `unevaluatedProperties`) and added to one Ajv instance under one `$id`; each
 * operation's schema is compiled on first use and cached. The 13 MB file is read once per module
 * instance, i.e. once per test file.
 *
 * Beyond what the description requires, an object may not carry a property that its schema
 * does not list: a field that GitHub never sends must not hide a bug either. (The description
 * rarely says `additionalProperties: false`; schemas that are combined with `allOf` are left
 * open, since each part lists only its own properties.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2019 } from 'ajv/dist/2019.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2019.js';

/** One way a request or response departs from GitHub's description. */
export interface Violation {
  /** The operation id, e.g. `issues/create-comment`, or the request line when none matched. */
  readonly operation: string;
  /** What was checked: `response 201`, `request body`, `query per_page`, `path issue_number`. */
  readonly part: string;
  /** A JSON pointer into the checked value: `/0/user/login`; `` for the value itself. */
  readonly path: string;
  readonly message: string;
}

/** Formats a violation as one line: `issues/create-comment response 201 at /user: ...`. */
export function formatViolation(v: Violation): string {
  return `${v.operation} ${v.part} at ${v.path === '' ? '(root)' : v.path}: ${v.message}`;
}

/** One matched operation of the description. */
export interface MatchedOperation {
  readonly operationId: string;
  readonly template: string;
  readonly method: string;
  readonly pathParams: Readonly<Record<string, string>>;
}

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: object;
}

interface Operation {
  readonly operationId: string;
  readonly parameters?: readonly (Parameter | { $ref: string })[];
  readonly requestBody?: { content?: Record<string, { schema?: object }> } | { $ref: string };
  readonly responses: Record<
    string,
    { content?: Record<string, { schema?: object }>; headers?: object } | { $ref: string }
  >;
}

interface OpenApiDocument {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: {
    readonly schemas: Record<string, object>;
    readonly examples: Record<string, { value: unknown }>;
    readonly parameters: Record<string, Parameter>;
    readonly responses: Record<string, object>;
  };
}

const SCHEMA_ID = 'https://api.github.com/openapi.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Rewrites an OpenAPI 3.0 schema into JSON Schema: `nullable: true` becomes a `null` type (or an
 * `anyOf` with `{ type: 'null' }` when there is no type), local `$ref`s point into the shared
 * document, and, when `closed`, an object schema that lists properties gets
 * `unevaluatedProperties: false` unless `open` says it is combined with others.
 */
function toJsonSchema(node: Json, open: ReadonlySet<string>, closed = true): Json {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, open, closed));
  if (node === null || typeof node !== 'object') return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) {
      out.$ref = `${SCHEMA_ID}${value}`;
    } else if (key === 'properties' && value !== null && typeof value === 'object') {
      // Property names are not schemas; their values are.
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema, open, closed)]),
      );
    } else if (key === 'allOf' && Array.isArray(value) && value.length > 1) {
      // Each part lists only its own properties: only the whole may be closed.
      out.allOf = value.map((n) => toJsonSchema(n, open, false));
      if (closed) out.unevaluatedProperties = false;
    } else if (key === 'example' || key === 'examples' || key === 'nullable') {
      continue;
    } else {
      out[key] = toJsonSchema(value, open, closed);
    }
  }
  if (
    closed &&
    out.properties !== undefined &&
    !('additionalProperties' in out) &&
    !('unevaluatedProperties' in out)
  ) {
    out.unevaluatedProperties = false;
  }
  if ((node as { nullable?: unknown }).nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    } else {
      return { anyOf: [out, { type: 'null' }] };
    }
  }
  return out;
}

/** The component schemas that are parts of a multi-part `allOf`, which must stay open. */
function combinedComponents(doc: OpenApiDocument): Set<string> {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const allOf = (node as { allOf?: unknown }).allOf;
    if (Array.isArray(allOf) && allOf.length > 1) {
      for (const part of allOf as { $ref?: string }[]) {
        const m = /^#\/components\/schemas\/(.+)$/.exec(part.$ref ?? '');
        if (m) found.add(m[1]!);
      }
    }
    Object.values(node).forEach(walk);
  };
  walk(doc);
  return found;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** The description's formats; number formats (`int64`, `double`, …) constrain nothing more. */
const FORMATS = {
  'date-time': (s: string) => RFC3339.test(s) && !Number.isNaN(Date.parse(s)),
  date: /^\d{4}-\d{2}-\d{2}$/,
  uri: (s: string) => URL.canParse(s),
  'uri-template': true,
  email: /^[^\s@]+@[^\s@]+$/,
  'repo.nwo': /^[^/\s]+\/[^/\s]+$/,
  binary: true,
  timestamp: true,
  int32: true,
  int64: true,
  double: true,
} as const;

/** See the module comment. Get the shared instance with {@link gitHubOpenApi}. */
export class GitHubOpenApi {
  private readonly ajv: Ajv2019;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly routes: { regex: RegExp; template: string; literals: number }[];

  constructor(private readonly doc: OpenApiDocument) {
    const open = combinedComponents(doc);
    const schemas = Object.fromEntries(
      Object.entries(doc.components.schemas).map(([name, schema]) => [
        name,
        toJsonSchema(schema as Json, open, !open.has(name)),
      ]),
    );
    this.ajv = new Ajv2019({
      strict: false,
      allErrors: true,
      logger: false,
      formats: FORMATS,
    });
    this.ajv.addSchema({ $id: SCHEMA_ID, components: { schemas } });
    this.routes = Object.keys(doc.paths)
      .map((template) => ({
        template,
        regex: new RegExp(
          `^${template
            .split('/')
            .map((segment) =>
              /^\{[^}]+\}$/.test(segment)
                ? '([^/]+)'
                : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
            )
            .join('/')}$`,
        ),
        literals: template.split('/').filter((s) => s !== '' && !s.startsWith('{')).length,
      }))
      // The most literal template wins: /issues/comments/{id} before /issues/{issue_number}/...
      .sort((a, b) => b.literals - a.literals);
  }

  /** The operation that `method` on `pathname` (without a GHES `/api/v3` prefix) calls. */
  match(method: string, pathname: string): MatchedOperation | undefined {
    const lower = method.toLowerCase();
    for (const route of this.routes) {
      const m = route.regex.exec(pathname);
      const op = m && this.doc.paths[route.template]?.[lower];
      if (!m || !op) continue;
      const names = [...route.template.matchAll(/\{([^}]+)\}/g)].map((n) => n[1]!);
      return {
        operationId: op.operationId,
        template: route.template,
        method: lower,
        pathParams: Object.fromEntries(
          names.map((name, i) => [name, decodeURIComponent(m[i + 1]!)]),
        ),
      };
    }
    return undefined;
  }

  /**
   * The example value named `name` in `components.examples` (e.g. `issue-comment`,
   * `pull-request`), deep-copied so that the caller may change it.
   */
  example<T = Record<string, unknown>>(name: string): T {
    const example = this.doc.components.examples[name];
    if (!example) throw new Error(`GitHub's OpenAPI description has no example '${name}'.`);
    return structuredClone(example.value) as T;
  }

  /**
   * Checks a request: that an operation answers `method` on `url`'s path, its path and query
   * parameters against their schemas (unknown query parameters are violations), and its JSON
   * body against the request body schema.
   */
  checkRequest(
    method: string,
    pathname: string,
    query: URLSearchParams,
    body: string,
  ): Violation[] {
    const matched = this.match(method, pathname);
    if (!matched) {
      return [
        {
          operation: `${method} ${pathname}`,
          part: 'request',
          path: '',
          message: 'no operation of the REST API has this method and path',
        },
      ];
    }
    const op = this.operation(matched);
    const violations: Violation[] = [];
    const params = (op.parameters ?? []).map((p) => this.deref<Parameter>(p));
    const check = (param: Parameter, raw: string): void => {
      const schema = param.schema as { type?: string } | undefined;
      if (!schema) return;
      const value =
        schema.type === 'integer' || schema.type === 'number'
          ? raw.trim() === '' || Number.isNaN(Number(raw))
            ? raw
            : Number(raw)
          : schema.type === 'boolean' && (raw === 'true' || raw === 'false')
            ? raw === 'true'
            : raw;
      const key = `${matched.operationId} ${param.in} ${param.name}`;
      violations.push(
        ...this.run(key, () => schema, value, matched.operationId, `${param.in} ${param.name}`),
      );
    };
    for (const param of params.filter((p) => p.in === 'path')) {
      check(param, matched.pathParams[param.name] ?? '');
    }
    const queryParams = new Map(params.filter((p) => p.in === 'query').map((p) => [p.name, p]));
    for (const [name, value] of query) {
      const param = queryParams.get(name);
      if (param) check(param, value);
      else {
        violations.push({
          operation: matched.operationId,
          part: `query ${name}`,
          path: '',
          message: 'the operation has no such query parameter',
        });
      }
    }
    const requestBody =
      op.requestBody && this.deref<NonNullable<Operation['requestBody']>>(op.requestBody);
    const bodySchema =
      requestBody && 'content' in requestBody
        ? requestBody.content?.['application/json']?.schema
        : undefined;
    if (bodySchema) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return [
          ...violations,
          {
            operation: matched.operationId,
            part: 'request body',
            path: '',
            message: 'the body is not JSON',
          },
        ];
      }
      violations.push(
        ...this.run(
          `${matched.operationId} request`,
          () => bodySchema,
          parsed,
          matched.operationId,
          'request body',
        ),
      );
    } else if (body.length > 0 && matched.method !== 'post') {
      violations.push({
        operation: matched.operationId,
        part: 'request body',
        path: '',
        message: 'the operation takes no body',
      });
    }
    return violations;
  }

  /**
   * Checks a response of `status` with a JSON `body` (undefined when there is none). A status
   * the operation does not document is a violation when it is below 400; an undocumented error
   * status is checked against `basic-error`, as GitHub answers every error.
   */
  checkResponse(
    method: string,
    pathname: string,
    status: number,
    body: unknown,
    headers: Readonly<Record<string, string>> = {},
  ): Violation[] {
    const matched = this.match(method, pathname);
    if (!matched) return [];
    const op = this.operation(matched);
    const part = `response ${status}`;
    const documented = op.responses[String(status)] ?? op.responses.default;
    if (!documented && status < 400) {
      return [
        {
          operation: matched.operationId,
          part,
          path: '',
          message: `the operation does not answer ${status} (it answers ${Object.keys(op.responses).join(', ')})`,
        },
      ];
    }
    const response = documented
      ? this.deref<{ content?: Record<string, { schema?: object }>; headers?: object }>(documented)
      : {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/basic-error' } } },
        };
    const violations: Violation[] = [];
    for (const name of Object.keys(response.headers ?? {})) {
      if (name.toLowerCase() === 'location' && headers.location === undefined) {
        violations.push({
          operation: matched.operationId,
          part,
          path: '',
          message: 'the Location header is missing',
        });
      }
    }
    const schema = response.content?.['application/json']?.schema;
    if (schema === undefined) {
      if (body !== undefined) {
        violations.push({
          operation: matched.operationId,
          part,
          path: '',
          message: 'GitHub sends no body with this response',
        });
      }
      return violations;
    }
    const key = `${matched.operationId} ${documented ? status : 'error'}`;
    const found = this.run(key, () => schema, body, matched.operationId, part);
    // GitHub puts `status` in every error body; of the error schemas only basic-error says so.
    const isStatus = (v: Violation): boolean =>
      status >= 400 && v.path === '/status' && /unevaluated/.test(v.message);
    return [...violations, ...found.filter((v) => !isStatus(v))];
  }

  private operation(matched: MatchedOperation): Operation {
    return this.doc.paths[matched.template]![matched.method]!;
  }

  private deref<T>(node: T | { $ref: string }): T {
    let current: unknown = node;
    for (let i = 0; i < 8; i++) {
      const ref = (current as { $ref?: unknown }).$ref;
      if (typeof ref !== 'string') break;
      current = ref
        .slice(2)
        .split('/')
        .reduce<unknown>((n, key) => (n as Record<string, unknown>)[key], this.doc);
    }
    return current as T;
  }

  private run(
    key: string,
    schema: () => object,
    value: unknown,
    operation: string,
    part: string,
  ): Violation[] {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema() as Json, new Set()) as object);
      this.validators.set(key, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => ({
      operation,
      part,
      path: errorPath(e),
      message: e.message ?? e.keyword,
    }));
  }
}

/** The JSON pointer an Ajv error is about, down to a missing or unexpected property. */
function errorPath(e: ErrorObject): string {
  const params = e.params as { missingProperty?: string; unevaluatedProperty?: string };
  const property = params.missingProperty ?? params.unevaluatedProperty;
  return property === undefined ? e.instancePath : `${e.instancePath}/${property}`;
}

let shared: GitHubOpenApi | undefined;

/** The description of api.github.com, read and prepared once per module instance. */
export function gitHubOpenApi(): GitHubOpenApi {
  if (!shared) {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    shared = new GitHubOpenApi(JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument);
  }
  return shared;
}
