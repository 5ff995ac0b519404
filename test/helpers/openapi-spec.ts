/**
 * Checks HTTP requests against HoneyHive's published OpenAPI 3.1 spec (vendored unmodified in
 * `test/fixtures/honeyhive-openapi-v1.yaml`, its origin in the `.SOURCE.md` beside it; `HONEYHIVE_OPENAPI_SPEC`
 * points at another copy): the operation must exist
 * and not be deprecated; path parameters, query parameters (OpenAPI default `form` + `explode`: an array
 * is repeated keys) and the JSON body must satisfy their schemas (Ajv, JSON Schema draft 2020-12).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** Where the spec is read from. */
export const SPEC_PATH =
  process.env.HONEYHIVE_OPENAPI_SPEC ?? fileURLToPath(new URL("../fixtures/honeyhive-openapi-v1.yaml", import.meta.url));

const METHODS = ["get", "post", "put", "delete", "patch"] as const;

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Record<string, unknown>;
  style?: string;
  explode?: boolean;
}

interface Operation {
  method: string;
  template: string;
  operationId: string;
  deprecated: boolean;
  regex: RegExp;
  pathNames: string[];
  literalSegments: number;
  parameters: Parameter[];
  body?: { required: boolean; validate: ValidateFunction };
}

/** One request to check. */
export interface SpecRequest {
  method: string;
  /** Path and query, e.g. `/v1/runs?run_ids=a`. */
  url: string;
  /** The raw body text ("" when none). */
  body: string;
}

/** The verdict on one request. */
export interface SpecCheck {
  operationId?: string;
  problems: string[];
}

type Spec = { paths: Record<string, Record<string, any>>; components: Record<string, unknown> };

function compileOperations(spec: Spec, ajv: Ajv2020): Operation[] {
  const ops: Operation[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    const shared: Parameter[] = item.parameters ?? [];
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const pathNames: string[] = [];
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_m, name: string) => {
        pathNames.push(name);
        return "([^/]+)";
      });
      const schema = op.requestBody?.content?.["application/json"]?.schema;
      ops.push({
        method: method.toUpperCase(),
        template,
        operationId: op.operationId,
        deprecated: op.deprecated === true,
        regex: new RegExp(`^${pattern}$`),
        pathNames,
        literalSegments: template.split("/").filter((s) => s && !s.startsWith("{")).length,
        parameters: [...shared, ...(op.parameters ?? [])],
        body: schema ? { required: op.requestBody.required === true, validate: ajv.compile(withBase(schema)) } : undefined,
      });
    }
  }
  return ops;
}

/** Points the spec's local `#/components/...` refs at the registered spec document. */
function withBase(schema: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) =>
    key === "$ref" && typeof value === "string" && value.startsWith("#/") ? `honeyhive-openapi${value}` : value,
  );
}

function coerce(value: string, schema: Record<string, unknown> | undefined): unknown {
  const type = schema?.type;
  if ((type === "integer" || type === "number") && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}

function errorsOf(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`).join("; ");
}

/** A compiled spec: `check(request)` lists every way the request departs from the spec. */
export class OpenApiSpec {
  private readonly ops: Operation[];
  private readonly ajv: Ajv2020;

  constructor(path = SPEC_PATH) {
    if (!existsSync(path)) throw new Error(`OpenAPI spec not found at ${path} (set HONEYHIVE_OPENAPI_SPEC)`);
    const spec = parse(readFileSync(path, "utf8")) as Spec;
    this.ajv = addFormats(new Ajv2020({ strict: false, allErrors: true, validateFormats: true }));
    this.ajv.addSchema({ $id: "honeyhive-openapi", components: spec.components });
    this.ops = compileOperations(spec, this.ajv);
  }

  /** Every operation of the spec: method, path template, operation id and whether it is deprecated. */
  operations(): { method: string; template: string; operationId: string; deprecated: boolean }[] {
    return this.ops.map((op) => ({ method: op.method, template: op.template, operationId: op.operationId, deprecated: op.deprecated }));
  }

  /** The operation a method + path resolves to (the most literal template wins, as routers do). */
  find(method: string, path: string): Operation | undefined {
    const matches = this.ops.filter((op) => op.method === method.toUpperCase() && op.regex.test(path));
    return matches.sort((a, b) => b.literalSegments - a.literalSegments)[0];
  }

  /** Checks one request; an empty `problems` list means it conforms. */
  check(request: SpecRequest): SpecCheck {
    const url = new URL(request.url, "http://spec.invalid");
    const op = this.find(request.method, url.pathname);
    if (!op) return { problems: [`${request.method} ${url.pathname}: no such operation in the spec`] };
    const label = `${op.method} ${op.template} (${op.operationId})`;
    const problems: string[] = [];
    if (op.deprecated) problems.push(`${label} is deprecated`);
    this.checkPath(op, url.pathname, label, problems);
    this.checkQuery(op, url.searchParams, label, problems);
    this.checkBody(op, request.body, label, problems);
    return { operationId: op.operationId, problems };
  }

  private validateValue(schema: Record<string, unknown> | undefined, value: unknown, what: string, problems: string[]): void {
    if (!schema) return;
    const validate = this.ajv.compile(withBase(schema));
    if (!validate(value)) problems.push(`${what}: ${errorsOf(validate)}`);
  }

  private checkPath(op: Operation, path: string, label: string, problems: string[]): void {
    const values = op.regex.exec(path)?.slice(1) ?? [];
    op.pathNames.forEach((name, i) => {
      const param = op.parameters.find((p) => p.in === "path" && p.name === name);
      this.validateValue(param?.schema, decodeURIComponent(values[i] ?? ""), `${label} path parameter ${name}`, problems);
    });
  }

  private checkQuery(op: Operation, query: URLSearchParams, label: string, problems: string[]): void {
    const declared = op.parameters.filter((p) => p.in === "query");
    for (const key of new Set(query.keys())) {
      const param = declared.find((p) => p.name === key);
      if (!param) {
        problems.push(`${label}: undeclared query parameter "${key}"`);
        continue;
      }
      const values = query.getAll(key);
      const isArray = param.schema?.type === "array";
      if (isArray && param.explode === false) problems.push(`${label}: ${key} must be comma-separated (explode: false)`);
      if (!isArray && values.length > 1) problems.push(`${label}: ${key} given ${values.length} times`);
      const items = param.schema?.items as Record<string, unknown> | undefined;
      const value = isArray ? values.map((v) => coerce(v, items)) : coerce(values[0]!, param.schema);
      this.validateValue(param.schema, value, `${label} query parameter ${key}`, problems);
    }
    for (const param of declared) if (param.required && !query.has(param.name)) problems.push(`${label}: missing required query parameter ${param.name}`);
  }

  private checkBody(op: Operation, text: string, label: string, problems: string[]): void {
    if (!op.body) {
      if (text.trim() !== "") problems.push(`${label}: has no request body, but one was sent`);
      return;
    }
    if (text.trim() === "") {
      if (op.body.required) problems.push(`${label}: request body required`);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      problems.push(`${label}: body is not JSON`);
      return;
    }
    if (!op.body.validate(body)) problems.push(`${label} body: ${errorsOf(op.body.validate)}`);
  }
}
