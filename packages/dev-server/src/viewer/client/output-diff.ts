/**
 * The expanded comparison of one datapoint: ground truth and inputs, each metric's old → new value,
 * links to both traces, and the old and new outputs side by side with their differences marked
 * (word level for text, structural for JSON; capped, truncation shown).
 */
import { h } from "./dom";
import { formatDelta, formatNumber, formatSize } from "./format";
import { href, sessionPath } from "./router";
import { metricTitle } from "./run-widgets";
import { trajectoryComparisonView } from "./trajectory-view";
import { changedPaths, jsonDiff, wordDiff, type DiffPart } from "./text-diff";
import type { CompareDatapoint, CompareRow, DiffValue, MetricColumn } from "./types";

function isStructured(value: DiffValue): boolean {
  return typeof value.value === "object" && value.value !== null;
}

function pane(label: string, parts: readonly DiffPart[], hide: DiffPart["kind"], side: DiffValue | undefined, testid: string): HTMLElement {
  const pre = h("pre", { class: "diff-pre", testid });
  for (const part of parts) {
    if (part.kind === hide) continue;
    pre.append(part.kind === "same" ? document.createTextNode(part.text) : h("span", { class: `diff-${part.kind}` }, part.text));
  }
  const note = side?.truncated ? h("div", { class: "muted small", testid: "diff-truncated" }, `truncated: first ${formatSize(side.text.length)} of ${formatSize(side.length)} compared`) : null;
  return h("div", { class: "diff-pane" }, h("div", { class: "diff-label" }, label), pre, note);
}

/** The string inside a one-key wrapper object such as `{ "result": "..." }`, or undefined. */
function wrappedString(value: unknown): [string, string] | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  const inner = keys.length === 1 ? (value as Record<string, unknown>)[keys[0]!] : undefined;
  return typeof inner === "string" ? [keys[0]!, inner] : undefined;
}

function diffParts(before: DiffValue, after: DiffValue): { parts: DiffPart[] | undefined; structural: boolean } {
  const a = wrappedString(before.value);
  const b = wrappedString(after.value);
  if (a && b && a[0] === b[0]) return { parts: wordDiff(a[1], b[1]), structural: false };
  if (isStructured(before) && isStructured(after)) return { parts: jsonDiff(before.value, after.value), structural: true };
  return { parts: wordDiff(before.text, after.text), structural: false };
}

function pathList(before: DiffValue, after: DiffValue): HTMLElement | null {
  if (!isStructured(before) || !isStructured(after)) return null;
  const changes = changedPaths(before.value, after.value);
  if (changes.length === 0) return null;
  const shown = changes.slice(0, 50);
  const show = (v: unknown) => (v === undefined ? "" : JSON.stringify(v).slice(0, 200));
  return h(
    "ul",
    { class: "diff-paths", testid: "diff-paths" },
    ...shown.map((c) => h("li", null, h("code", null, c.path), " ", h("span", { class: `tag tag-${c.kind}` }, c.kind), " ", h("span", { class: "mono small" }, c.kind === "changed" ? `${show(c.before)} → ${show(c.after)}` : show(c.before ?? c.after)))),
    changes.length > shown.length ? h("li", { class: "muted" }, `… ${changes.length - shown.length} more`) : null,
  );
}

function outputs(detail: CompareDatapoint): HTMLElement {
  const before = detail.old?.outputs ?? { text: "", truncated: false, length: 0 };
  const after = detail.new?.outputs ?? { text: "", truncated: false, length: 0 };
  const { parts, structural } = diffParts(before, after);
  const plain = (v: DiffValue, kind: "del" | "add"): DiffPart[] => [{ text: v.text, kind }];
  const left = parts ?? plain(before, "del");
  const right = parts ?? plain(after, "add");
  const cut = before.truncated || after.truncated;
  const same = !cut && parts !== undefined && parts.every((p) => p.kind === "same");
  return h(
    "div",
    { class: "block" },
    h("h3", null, "Outputs ", h("span", { class: "muted small", testid: "diff-kind" }, same ? "(identical)" : structural ? "(structural diff of the JSON)" : cut ? "(word diff of the first part)" : "(word diff)")),
    parts === undefined ? h("div", { class: "warn-box", testid: "diff-too-large" }, "The outputs differ too much to diff quickly; both are shown as they are.") : null,
    h("div", { class: "diff", testid: "output-diff" }, pane("old", left, "add", before, "diff-old"), pane("new", right, "del", after, "diff-new")),
    pathList(before, after),
  );
}

function metricList(row: CompareRow, columns: readonly MetricColumn[]): HTMLElement {
  return h(
    "ul",
    { class: "metric-moves", testid: "metric-moves" },
    ...columns.map((c) => {
      const m = row.metrics[c.id];
      if (!m) return null;
      const tone = m.verdict === "improved" ? "text-good" : m.verdict === "degraded" ? "text-error" : "muted";
      return h("li", null, h("b", null, metricTitle(c, columns)), " ", `${formatNumber(m.old)} → ${formatNumber(m.new)}`, m.delta !== null && m.delta !== 0 ? h("span", { class: `small ${tone}` }, ` (${formatDelta(m.delta)})`) : null);
    }),
  );
}

/** A link to a side's session, or what happened instead ("not run": the datapoint has no session in that run). */
export function traceLink(sessionId: string | null, state: CompareRow["old_state"], text: string, testid?: string): HTMLElement {
  if (sessionId === null) return h("span", { class: "status status-error", testid }, "not run");
  return h("a", { href: href(sessionPath(sessionId)), testid }, state === "errored" ? `${text} (errored)` : text);
}

/** The panel of one compared datapoint. */
export function datapointComparison(detail: CompareDatapoint, row: CompareRow, columns: readonly MetricColumn[]): HTMLElement {
  const text = (v: DiffValue) => (v.truncated ? `${v.text}…` : v.text || "—");
  return h(
    "div",
    { class: "cmp-panel", testid: "cmp-panel" },
    h("div", { class: "cmp-facts" },
      h("div", null, h("h3", null, "Inputs"), h("pre", { class: "diff-pre small-pre" }, text(detail.inputs))),
      h("div", null, h("h3", null, "Ground truth"), h("pre", { class: "diff-pre small-pre", testid: "cmp-ground-truth" }, text(detail.ground_truth))),
      h("div", null, h("h3", null, "Metrics, old → new"), metricList(row, columns),
        h("p", null, traceLink(row.old_session_id, row.old_state, "open old trace", "open-old-trace"), " · ", traceLink(row.new_session_id, row.new_state, "open new trace", "open-new-trace"))),
    ),
    detail.trajectory ? trajectoryComparisonView(detail.trajectory) : null,
    outputs(detail),
  );
}
