/**
 * Display of stored values: objects as key/value lists, nested values as pretty-printed JSON, long text
 * cut to a preview with "show more" / "show all" / "show less". Everything is set with `textContent`.
 */
import { h } from "./dom";
import { formatSize } from "./format";
import { formatScore } from "@honeyhive/core/text/format-score";

const PREVIEW_CHARS = 800;
const PREVIEW_LINES = 16;
const GROWTH = 8;
const MAX_JSON_STRING_PARSE = 1_000_000;

function cutAt(text: string, chars: number, lines: number): number {
  const cut = Math.min(text.length, chars);
  let newline = -1;
  for (let i = 0; i < lines; i++) {
    newline = text.indexOf("\n", newline + 1);
    if (newline < 0 || newline >= cut) return cut;
  }
  return newline;
}

/** A `<pre>` of `text`, collapsed to a preview when long, with controls to expand and collapse. */
export function longText(text: string, className = "v-text"): HTMLElement {
  const pre = h("pre", { class: className });
  const controls = h("div", { class: "more" });
  const box = h("div", { class: "long" }, pre, controls);
  let shown = cutAt(text, PREVIEW_CHARS, PREVIEW_LINES);
  const initial = shown;
  const render = () => {
    pre.textContent = shown < text.length ? `${text.slice(0, shown)}…` : text;
    controls.textContent = "";
    if (shown < text.length) {
      controls.append(
        h("span", { class: "muted" }, `${formatSize(shown)} of ${formatSize(text.length)} shown`),
        h("button", { class: "link", type: "button", testid: "show-more", on: { click: () => grow(false) } }, "show more"),
        h("button", { class: "link", type: "button", testid: "show-all", on: { click: () => grow(true) } }, "show all"),
      );
    } else if (initial < text.length) {
      controls.append(
        h("button", { class: "link", type: "button", testid: "show-less", on: { click: () => { shown = initial; render(); } } }, "show less"),
      );
    }
  };
  const grow = (all: boolean) => {
    shown = all ? text.length : Math.min(text.length, Math.max(shown * GROWTH, shown + PREVIEW_CHARS));
    render();
  };
  render();
  return box;
}

function parsedJsonString(text: string): unknown {
  const t = text.trimStart();
  if (text.length > MAX_JSON_STRING_PARSE || !(t.startsWith("{") || t.startsWith("["))) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function pretty(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** One value: scalars inline, strings as text, objects and arrays as pretty JSON. */
export function valueView(value: unknown): HTMLElement {
  if (value === null || value === undefined) return h("span", { class: "v-null" }, String(value));
  if (typeof value === "number" || typeof value === "boolean") return h("span", { class: "v-num" }, String(value));
  if (typeof value === "string") {
    const parsed = parsedJsonString(value);
    if (parsed !== undefined) return h("div", null, h("span", { class: "hint" }, "JSON string"), longText(pretty(parsed), "v-json"));
    return value.length === 0 ? h("span", { class: "v-null" }, '""') : longText(value, "v-text");
  }
  return longText(pretty(value), "v-json");
}

/** A score shown rounded (`formatScore`), its exact value in the tooltip; other values through {@link valueView}. */
function scoreView(value: unknown): HTMLElement {
  if (typeof value !== "number" || Number.isInteger(value) || !Number.isFinite(value)) return valueView(value);
  return h("span", { class: "v-num", title: String(value), testid: "score-value" }, formatScore(value));
}

/**
 * An object as a key/value list (other values through {@link valueView}); with `scores`, numbers are shown rounded
 * for reading (a metrics section), exact in their tooltip and in the JSON.
 */
export function objectView(value: unknown, options: { scores?: boolean } = {}): HTMLElement {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return valueView(value);
  const list = h("dl", { class: "kv" });
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    list.append(h("dt", { title: key }, key), h("dd", null, options.scores ? scoreView(item) : valueView(item)));
  }
  return list;
}

/** True for null, undefined, "" and empty objects or arrays. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value as object).length === 0;
}
