import { DECISIVE_OPTIONS, checkOptionKeys } from "../config/unknown-options";
import { type FieldAccessor, checkAccessor, defaultOutput, named, pick, scorerName } from "./fields";
import { type Score, type Scorer, excerpt } from "./score";
import { READY_METRIC_NAMES } from "./metric-names";
import { assertJsonNumber } from "@honeyhive/core/values/stable-json";

/** Options of the JSON scorers. */
export interface JsonScorerOptions {
  /** Metric name. */
  name?: string;
  /** Reads the value to check. @defaultValue the outputs (or their answer field) */
  output?: FieldAccessor;
}

type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };

/** A `JSON.stringify` replacer that refuses NaN and ±Infinity ({@link assertJsonNumber}). */
function finiteNumbersOnly(_key: string, value: unknown): unknown {
  assertJsonNumber(value);
  return value;
}

/** Strings are parsed as JSON; other values must survive `JSON.stringify` (no cycles, no BigInt, no NaN or Infinity). */
function parseJson(value: unknown): Parsed {
  if (typeof value === "string") {
    try {
      return { ok: true, value: JSON.parse(value) as unknown };
    } catch (error) {
      return { ok: false, reason: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  try {
    const text = JSON.stringify(value, finiteNumbersOnly);
    return text === undefined ? { ok: false, reason: `${typeof value} is not JSON` } : { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: `not serialisable as JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function reader(options: JsonScorerOptions | undefined, where: string, defaultName: string, extra: readonly string[] = []) {
  checkOptionKeys(options, ["name", "output", ...extra], where, DECISIVE_OPTIONS);
  const output = checkAccessor(options?.output, "output", where);
  return { name: scorerName(options?.name, defaultName, where), read: (args: readonly [unknown, unknown, unknown]) => parseJson(pick(output, defaultOutput, args)) };
}

/** `json_valid`: true when the output is a JSON text (strings) or a JSON-serialisable value (anything else). */
export function jsonValid(options?: JsonScorerOptions): Scorer {
  const r = reader(options, "jsonValid", READY_METRIC_NAMES.jsonValid);
  return named((...args: [unknown, unknown, unknown]): Score => {
    const parsed = r.read(args);
    return parsed.ok ? { score: true } : { score: false, explanation: parsed.reason };
  }, r.name);
}

/** The part of a JSON Schema validator the scorer uses — an Ajv instance (`new Ajv()`) fits. */
export interface JsonSchemaCompiler {
  compile(schema: object | boolean): ((data: unknown) => boolean | Promise<unknown>) & { errors?: readonly { instancePath?: string; message?: string }[] | null };
}

/** Options of {@link jsonSchemaShape}. */
export interface JsonSchemaShapeOptions extends JsonScorerOptions {
  /** The validator that compiles the schema, e.g. `new Ajv()` from the `ajv` package (not a dependency of this SDK). */
  validator: JsonSchemaCompiler;
}

/**
 * `json_schema`: true when the output (parsed when it is a string) is valid against `schema`. The SDK ships no
 * JSON Schema engine: pass one as `validator` (an Ajv instance, or anything with `compile(schema)` returning a
 * validate function with `errors`). The schema is compiled once, when the scorer is created.
 */
export function jsonSchemaShape(schema: object | boolean, options: JsonSchemaShapeOptions): Scorer {
  const r = reader(options, "jsonSchemaShape", READY_METRIC_NAMES.jsonSchemaShape, ["validator"]);
  const validator = options?.validator;
  if (!validator || typeof validator.compile !== "function") throw new TypeError("jsonSchemaShape: pass a validator with compile(schema), e.g. { validator: new Ajv() } from the ajv package");
  const validate = validator.compile(schema);
  return named((...args: [unknown, unknown, unknown]): Score => {
    const parsed = r.read(args);
    if (!parsed.ok) return { score: false, explanation: parsed.reason };
    const valid = validate(parsed.value);
    if (typeof valid !== "boolean") throw new TypeError("jsonSchemaShape: asynchronous schemas are not supported");
    if (valid) return { score: true };
    const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || "/"}: ${e.message ?? "invalid"}`);
    return { score: false, explanation: errors.join("; ") || "does not match the schema" };
  }, r.name);
}

/** The part of a zod schema the scorer uses (any object with `safeParse` fits: zod 3 and 4, or your own). */
export interface SafeParseSchema {
  safeParse(data: unknown): { success: boolean; error?: { issues?: readonly { path?: readonly PropertyKey[]; message?: string }[] } };
}

/** `zod_shape`: true when `schema.safeParse(output)` succeeds (strings are parsed as JSON first). */
export function zodShape(schema: SafeParseSchema, options?: JsonScorerOptions): Scorer {
  const r = reader(options, "zodShape", READY_METRIC_NAMES.zodShape);
  if (!schema || typeof schema.safeParse !== "function") throw new TypeError("zodShape: schema must have safeParse(data) (a zod schema)");
  return named((...args: [unknown, unknown, unknown]): Score => {
    const parsed = r.read(args);
    if (!parsed.ok) return { score: false, explanation: parsed.reason };
    const result = schema.safeParse(parsed.value);
    if (result.success) return { score: true };
    const issues = (result.error?.issues ?? []).slice(0, 5).map((i) => `${(i.path ?? []).map(String).join(".") || "(root)"}: ${i.message ?? "invalid"}`);
    return { score: false, explanation: issues.join("; ") || `does not match the schema: ${excerpt(JSON.stringify(parsed.value) ?? "")}` };
  }, r.name);
}
