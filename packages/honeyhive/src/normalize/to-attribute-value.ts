/**
 * `toAttributeValue`: one arbitrary value as one OpenTelemetry attribute value.
 */
import type { AttributeValue } from "@opentelemetry/api";
import { DEFAULT_NORMALIZE_BUDGET, reportCuts, resolveBudget, type NormalizeBudget } from "./budget";
import { endCutCount, startCutCount } from "./strings";
import {
  KIND_ARRAY,
  KIND_LEAF,
  KIND_SET,
  KIND_SKIP,
  classify,
  containerIterator,
  containerSize,
  newClassified,
  type Classified,
} from "./classify";
import { serializeClassified } from "./to-json-string";
import { noteInternalError } from "../internal/guard";

/**
 * The elements of an array or Set as a homogeneous primitive array, or undefined when they are not all
 * leaves of one type (or there are more than `maxItems`).
 */
function homogeneousArray(c: Classified, maxStr: number, maxItems: number): AttributeValue | undefined {
  const obj = c.value as object;
  const n = containerSize(c.kind, obj);
  if (n > maxItems) return undefined;
  const iter = c.kind === KIND_SET ? containerIterator(KIND_SET, obj) : undefined;
  const item = newClassified();
  const items: (string | number | boolean)[] = [];
  let type = "";
  for (let i = 0; i < n; i++) {
    let element: unknown;
    if (iter === undefined) element = (obj as unknown[])[i];
    else {
      const step = iter.next();
      if (step.done === true) return undefined;
      element = step.value;
    }
    classify(element, item, maxStr);
    if (item.kind !== KIND_LEAF) return undefined;
    const value = item.value as string | number | boolean;
    const t = typeof value;
    if (type === "") type = t;
    else if (t !== type) return undefined;
    items.push(value);
  }
  return items as AttributeValue;
}

/**
 * Normalises one value to an OpenTelemetry attribute value, or `undefined` for `null`/`undefined` (and
 * values whose `toJSON` returns nothing). Never throws.
 *
 * - Strings are cut to `maxStringBytes` UTF-8 bytes (marker `…[truncated N bytes]`) and repaired (lone surrogates →
 *   U+FFFD); finite numbers and booleans are kept (`-0` → `0`); non-finite numbers, BigInts, symbols,
 *   functions, Dates, Errors, typed arrays become strings as in the module table.
 * - Arrays and Sets stay arrays only when they hold at most `maxAttributes` elements that all normalise to
 *   leaves of one type (all strings, all numbers or all booleans; `[]` stays `[]`). Anything else (mixed
 *   types, `null` elements, nested objects) becomes a JSON string, like objects and Maps.
 * - JSON strings are bounded by `maxJsonBytes` UTF-8 bytes (see {@link toJsonString}).
 * - A value cut anywhere counts once in the budget's `onCut`.
 */
export function toAttributeValue(value: unknown, budget?: Partial<NormalizeBudget>): AttributeValue | undefined {
  const b = budget === undefined ? DEFAULT_NORMALIZE_BUDGET : resolveBudget(budget);
  const outer = startCutCount();
  let result: AttributeValue | undefined;
  try {
    result = attributeValueOf(value, b);
  } finally {
    if (endCutCount(outer) > 0) reportCuts(b, 1); // one attribute value, however many of its parts were cut
  }
  return result;
}

function attributeValueOf(value: unknown, b: Readonly<NormalizeBudget>): AttributeValue | undefined {
  const c = newClassified();
  classify(value, c, b.maxStringBytes);
  if (c.kind === KIND_SKIP) return undefined;
  if (c.kind === KIND_LEAF) return c.value as AttributeValue;
  if (c.kind === KIND_ARRAY || c.kind === KIND_SET) {
    try {
      const array = homogeneousArray(c, b.maxStringBytes, b.maxAttributes);
      if (array !== undefined) return array;
    } catch (error) {
      noteInternalError(error); // an unreadable element: the JSON form below marks it
    }
  }
  return serializeClassified(c, b.maxJsonBytes, b);
}

/**
 * One whole value (a traced function's argument) as one attribute value: a leaf as {@link flattenInto} writes it
 * (so a Date is `"1970-01-01T00:00:00.000Z"` and a function `"[Function: name]"` whether it is an input or an
 * output), any container (object, array, Map, Set) as one JSON string ({@link toJsonString}). `undefined` for `null`,
 * `undefined` and values whose `toJSON` returns nothing. Never throws; a cut counts once in the budget's `onCut`.
 */
export function toWholeValue(value: unknown, budget?: Partial<NormalizeBudget>): AttributeValue | undefined {
  const b = budget === undefined ? DEFAULT_NORMALIZE_BUDGET : resolveBudget(budget);
  const outer = startCutCount();
  try {
    const c = newClassified();
    classify(value, c, b.maxStringBytes);
    if (c.kind === KIND_SKIP) return undefined;
    if (c.kind === KIND_LEAF) return c.value as AttributeValue;
    return serializeClassified(c, b.maxJsonBytes, b);
  } finally {
    if (endCutCount(outer) > 0) reportCuts(b, 1);
  }
}
