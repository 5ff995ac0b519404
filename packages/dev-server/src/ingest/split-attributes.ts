/**
 * How a span's attributes divide into event fields (honeyhive-api.md §2.3): `honeyhive_<namespace>.*` keys fill the
 * namespace fields, the keys read as top-level fields (session, source, type, name, ids, error, project, evaluation
 * ids) are consumed, and every other key goes into metadata under its full key.
 *
 * What a key contributes depends on the key alone, and an exporter sends the same few dozen keys on every span, so
 * each key's role is worked out once and remembered (bounded): the ingest then only looks the key up.
 */
import type { DecodedSpan } from "../otlp/index";
import { unflattenAttributes } from "@honeyhive/core/values/unflatten";
import { RememberedAnswers } from "@honeyhive/core/values/remembered-answers";
import {
  ATTR_ERROR, ATTR_EVENT_ID, ATTR_EVENT_NAME, ATTR_EVENT_TYPE, ATTR_PROJECT, ATTR_SESSION_ID, ATTR_SOURCE, ATTR_TL_PROJECT,
  ATTR_TL_SESSION_ID, ATTR_TL_SOURCE, EVENT_NAMESPACES, TRACELOOP_PREFIX, type EventNamespace,
} from "@honeyhive/core/semconv/attributes";
import { setOwn, type JsonObject } from "../domain/json";

/** The evaluation ids a Traceloop-style span carries as association properties. */
export const EVAL_IDS = ["run_id", "dataset_id", "datapoint_id"] as const;
/** Each evaluation id with its Traceloop association-property key. */
export const TRACELOOP_EVAL_IDS: readonly (readonly [(typeof EVAL_IDS)[number], string])[] = EVAL_IDS.map((k) => [k, `${TRACELOOP_PREFIX}${k}`]);
export const ATTR_PARENT_ID = "honeyhive.parent_id";
export const LEGACY_SESSION_ID = "honeyhive_session_id";
export const LEGACY_SOURCE = "honeyhive_source";
/** Attributes that become top-level event fields and are therefore not repeated in metadata. */
const CONSUMED = new Set<string>([
  ATTR_EVENT_TYPE, ATTR_EVENT_NAME, ATTR_EVENT_ID, ATTR_ERROR, ATTR_SESSION_ID, ATTR_TL_SESSION_ID, LEGACY_SESSION_ID,
  ATTR_SOURCE, ATTR_TL_SOURCE, LEGACY_SOURCE, ATTR_PROJECT, ATTR_TL_PROJECT, ATTR_PARENT_ID,
  ...TRACELOOP_EVAL_IDS.map(([, key]) => key),
]);
const NAMESPACE_PREFIX = "honeyhive_";

/** What one attribute key contributes to its event. */
interface KeyRole {
  /** The namespace of a `honeyhive_<namespace>[.…]` key; undefined for any other key. */
  readonly namespace: EventNamespace | undefined;
  /** A namespace key one segment deep: the field it sets (`honeyhive_outputs.result` → `result`). */
  readonly field: string | undefined;
  /** A namespace key deeper or bare: its namespace's bit (the namespace is rebuilt whole by the un-flattening rule). */
  readonly nestedBit: number;
  /** A key read as a top-level field (not repeated in metadata). */
  readonly consumed: boolean;
}

/** The event namespace a `honeyhive_<namespace>[.…]` key belongs to. */
function namespaceOf(key: string): EventNamespace | undefined {
  if (!key.startsWith(NAMESPACE_PREFIX)) return undefined;
  const at = NAMESPACE_PREFIX.length;
  for (const ns of EVENT_NAMESPACES) {
    if (!key.startsWith(ns, at)) continue;
    const next = at + ns.length;
    if (next === key.length || key.charCodeAt(next) === 46) return ns;
  }
  return undefined;
}

function keyRole(key: string): KeyRole {
  const namespace = namespaceOf(key);
  if (namespace === undefined) return { namespace, field: undefined, nestedBit: 0, consumed: CONSUMED.has(key) };
  const start = NAMESPACE_PREFIX.length + namespace.length + 1;
  const direct = key.length > start && key.indexOf(".", start) === -1;
  return {
    namespace, field: direct ? key.slice(start) : undefined, nestedBit: direct ? 0 : 1 << EVENT_NAMESPACES.indexOf(namespace), consumed: false,
  };
}

/** Each key's role, remembered (bounded: see RememberedAnswers). */
const roles = new RememberedAnswers(keyRole);

/** Each namespace's attribute-key prefix (`honeyhive_inputs`, …), by its index in EVENT_NAMESPACES. */
const NAMESPACE_KEYS = EVENT_NAMESPACES.map((ns) => `${NAMESPACE_PREFIX}${ns}`);

/**
 * Namespace `i` rebuilt whole from the span's keys of it. The un-flattening takes exactly the keys {@link namespaceOf}
 * gives the namespace (its prefix, or the prefix and a dot), so it reads the attributes themselves: no copy of them.
 */
function unflattenNamespace(attributes: DecodedSpan["attributes"], i: number): JsonObject {
  return unflattenAttributes(attributes, NAMESPACE_KEYS[i]!) ?? {};
}

/** A span's attributes as event fields: see {@link splitAttributes}. */
export interface SplitAttributes {
  /** Each namespace's fields from its `honeyhive_<namespace>.*` attributes. */
  fields: Record<EventNamespace, JsonObject>;
  /** Every attribute neither namespaced nor consumed as a top-level field (the metadata before its own fields). */
  extras: JsonObject;
}

/**
 * A span's `honeyhive_<namespace>.*` attributes as the event's namespace fields, and every other attribute not
 * consumed as a top-level field. Keys one segment deep (the common case: `honeyhive_outputs.result`) are set
 * directly; a namespace with a deeper or bare key is rebuilt whole by the un-flattening rule (nested objects, arrays).
 */
export function splitAttributes(attributes: DecodedSpan["attributes"]): SplitAttributes {
  const fields: Record<EventNamespace, JsonObject> = { inputs: {}, outputs: {}, metadata: {}, metrics: {}, feedback: {}, config: {}, user_properties: {} };
  const extras: JsonObject = {};
  let nested = 0; // bit i: namespace EVENT_NAMESPACES[i] has a deeper or bare key
  const keys = Object.keys(attributes);
  for (const key of keys) {
    const role = roles.get(key);
    if (role.namespace === undefined) {
      if (!role.consumed) setOwn(extras, key, attributes[key]);
    } else if (role.field !== undefined) setOwn(fields[role.namespace], role.field, attributes[key]);
    else nested |= role.nestedBit;
  }
  for (let i = 0; nested !== 0; i++, nested >>>= 1) {
    if ((nested & 1) === 1) fields[EVENT_NAMESPACES[i]!] = unflattenNamespace(attributes, i);
  }
  return { fields, extras };
}
