import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Validates emulator responses against the official Jira Cloud platform REST v3 OpenAPI document. The
 * components are added once as a schema with an `$id`; an operation's response schema is looked up by
 * path, method and status, its local `$ref`s pointed at that schema, and compiled on first use.
 */
/** Vendored (source and version in its README), so the tests need nothing outside the repository. */
const SPEC_PATH = new URL('../../fixtures/jira/openapi/jira-cloud-platform-v3.openapi.json', import.meta.url);
const COMPONENTS_ID = 'https://casebridge.invalid/jira-components.json';

interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

/**
 * Where the published document disagrees with what Jira Cloud actually sends, patched narrowly here and
 * named so the list stays honest: changelog items carry `null` for an absent from/to value.
 */
function applyKnownSpecGaps(spec: OpenApiDocument): void {
  const changeDetails = spec.components.schemas['ChangeDetails']?.['properties'] as Record<string, Record<string, unknown>> | undefined;
  for (const name of ['from', 'fromString', 'to', 'toString']) {
    const property = changeDetails?.[name];
    if (property) property['nullable'] = true;
  }
}

function pointRefsAtComponents(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(pointRefsAtComponents);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `${COMPONENTS_ID}${value}` : pointRefsAtComponents(value)]),
  );
}

export class JiraOpenApiValidator {
  private readonly spec: OpenApiDocument;
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();
  /** operationId → statuses checked, for the coverage listing. */
  readonly covered = new Map<string, Set<number>>();

  constructor() {
    this.spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as OpenApiDocument;
    applyKnownSpecGaps(this.spec);
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: COMPONENTS_ID, components: this.spec.components });
  }

  /** The operation's response schema for a status, or undefined when the spec declares no body. */
  private validatorFor(path: string, method: string, status: number): { operationId: string; validate: ValidateFunction | undefined } {
    const operation = this.spec.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`The OpenAPI document has no ${method} ${path}`);
    const operationId = operation.operationId ?? `${method} ${path}`;
    const response = operation.responses?.[String(status)];
    if (!response) throw new Error(`${operationId} declares no ${status} response`);
    const schema = response.content ? Object.values(response.content)[0]?.schema : undefined;
    if (schema === undefined || schema === null) return { operationId, validate: undefined };
    const cacheKey = `${method} ${path} ${status}`;
    let validate = this.cache.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile(pointRefsAtComponents(schema) as object);
      this.cache.set(cacheKey, validate);
    }
    return { operationId, validate };
  }

  /** Validator for a named component schema (used where the spec declares no body, e.g. error bodies). */
  private componentValidator(name: string): ValidateFunction {
    const cacheKey = `component ${name}`;
    let validate = this.cache.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${COMPONENTS_ID}#/components/schemas/${name}` });
      this.cache.set(cacheKey, validate);
    }
    return validate;
  }

  /** Throws when `value` does not match a named component schema (e.g. the `issue` inside a webhook). */
  assertComponent(name: string, value: unknown): void {
    const validate = this.componentValidator(name);
    if (!validate(value)) {
      throw new Error(`${name} does not match the OpenAPI schema: ${this.ajv.errorsText(validate.errors, { separator: '\n  ' })}`);
    }
  }

  /**
   * Throws with ajv's errors when `body` does not validate. `options.component` validates against a named
   * schema instead (error bodies where the spec declares none); `options.arrayOf` validates each element.
   */
  assertResponse(path: string, method: string, status: number, body: unknown, options: { component?: string; arrayOf?: boolean } = {}): void {
    // With a named component the status need not be declared (Jira's 410 for the removed /search is not).
    const operationId = this.spec.paths[path]?.[method.toLowerCase()]?.operationId ?? `${method} ${path}`;
    const validate = options.component ? this.componentValidator(options.component) : this.validatorFor(path, method, status).validate;
    const statuses = this.covered.get(operationId) ?? new Set<number>();
    statuses.add(status);
    this.covered.set(operationId, statuses);
    if (!validate) {
      if (body !== undefined && body !== '') throw new Error(`${operationId} ${status}: the spec declares no body but one was sent`);
      return;
    }
    const items = options.arrayOf ? (Array.isArray(body) ? body : [Symbol('not an array')]) : [body];
    for (const item of items) {
      if (!validate(item)) {
        throw new Error(`${operationId} ${status} does not match the OpenAPI schema: ${this.ajv.errorsText(validate.errors, { separator: '\n  ' })}\n  body: ${JSON.stringify(item).slice(0, 500)}`);
      }
    }
  }
}
