/** Small pieces shared by the run and comparison pages. */
import { h, statusBadge } from "./dom";
import { FINISHED_RUN_STATUSES } from "../shared/run-status";
import { formatIso, formatNumber, shortId } from "./format";
import type { ApiRun, MetricColumn, RunLabel, ValuePreview } from "./types";
import { AGGREGATE_FUNCTIONS } from "./types";

/** Statuses after which a run no longer changes (the one list, `shared/run-status.ts`). */
export const TERMINAL_STATUSES = FINISHED_RUN_STATUSES;

/** The one-line explanation of a stalled run: "never completed by its client; no write since 2025-06-15 10:42:07". */
export function stalledText(run: Pick<ApiRun, "stalled">): string {
  return run.stalled ? `never completed by its client; no write since ${formatIso(run.stalled.since)}` : "";
}

/** A badge for a run's state: its status, or "stalled" for a run its client never completed (`run.stalled`). */
export function runStatusBadge(run: Pick<ApiRun, "status" | "stalled">): HTMLElement {
  if (run.stalled) {
    const badge = statusBadge("stalled", "bad");
    badge.dataset.testid = "run-stalled";
    badge.title = `${run.status}, but ${stalledText(run)}: it will not finish (its datapoints without a session were never stored)`;
    return badge;
  }
  const status = run.status;
  const tone = status === "completed" ? "good" : status === "failed" || status === "cancelled" ? "bad" : status === "running" ? "busy" : "neutral";
  return statusBadge(status, tone);
}

/**
 * The datapoints of a run without a session, e.g. "3 not run" (cancelled, or not yet run), or "3 not stored" in a
 * stalled run (its client stopped before storing them).
 */
export function notRunLabel(run: Pick<ApiRun, "stalled">, count: string, testid: string, prefix = ""): HTMLElement {
  if (!run.stalled) return h("span", { class: "muted", testid }, `${prefix}${count} not run`);
  return h("span", { class: "text-error", testid, title: "the run stopped before these datapoints were stored: they have no session" }, `${prefix}${count} not stored`);
}

/** The dataset of a run: its name, its id, or the offline (EXT-) dataset id. */
export function datasetLabel(run: ApiRun): HTMLElement | string {
  if (run.dataset_name) return run.dataset_name;
  if (run.dataset_id) return h("span", { class: "mono", title: run.dataset_id }, shortId(run.dataset_id));
  const offline = run.metadata?.offline_dataset_id;
  if (typeof offline === "string") return h("span", { class: "mono", title: offline }, `${offline.slice(0, 12)}… (inline)`);
  return "—";
}

/** One label chip (`branch main`, `model gpt-4o`); `dirty` only when true. Highlighted when `changed`. */
function labelChip(label: RunLabel, changed: boolean): HTMLElement | undefined {
  if (label.key === "dirty") {
    return label.value === "true" ? h("span", { class: "label-chip label-dirty", testid: "run-label", title: "uncommitted changes when the run started" }, "dirty") : undefined;
  }
  const text = label.key === "commit" ? `@${label.value.slice(0, 7)}` : `${label.key} ${label.value}`;
  const title = `${label.source}: ${label.key} = ${label.title ?? label.value}`;
  return h("span", { class: `label-chip label-${label.source}${changed ? " label-changed" : ""}`, testid: "run-label", title }, text);
}

/**
 * The labels that tell a run apart (git commit, branch, dirty flag, metadata, configuration) as chips.
 * With `other`, labels whose value differs from the other run's are highlighted (the comparison header).
 */
export function runLabelChips(run: ApiRun, other?: ApiRun): HTMLElement {
  const otherValues = new Map((other?.labels ?? []).map((l) => [`${l.source}:${l.key}`, l.value]));
  const chips = (run.labels ?? []).map((l) => labelChip(l, other !== undefined && otherValues.get(`${l.source}:${l.key}`) !== l.value)).filter((c): c is HTMLElement => c !== undefined);
  return h("span", { class: "run-labels", testid: "run-labels" }, ...(chips.length > 0 ? chips : [h("span", { class: "muted small" }, "—")]));
}

/** A table cell preview with the full length in the tooltip. */
export function previewCell(preview: ValuePreview, testid?: string): HTMLElement {
  const text = preview.truncated ? `${preview.text}…` : preview.text;
  return h("td", { class: "cell-preview", title: preview.truncated ? `${preview.length} characters; open the session for all of it` : preview.text, testid }, text || "—");
}

/** A metric's column title ("accuracy", or "accuracy · answer" when several events carry it; "app cost ($)" for a usage column). */
export function metricTitle(column: MetricColumn, all: readonly MetricColumn[]): string {
  // a comparison's usage columns: the app's or the evaluation's cost or latency per datapoint
  if (column.event_type === "usage") return `${column.event_name} ${column.metric_name === "cost_usd" ? "cost ($)" : "latency (ms)"}`;
  const ambiguous = all.filter((c) => c.metric_name === column.metric_name).length > 1;
  return ambiguous ? `${column.metric_name} · ${column.event_name}` : column.metric_name;
}

/** The aggregation function selector. */
export function aggregationSelect(current: string, onChange: (fn: string) => void): HTMLElement {
  const select = h(
    "select",
    { class: "input", testid: "aggregate-select", attrs: { "aria-label": "aggregation" }, on: { change: () => onChange(select.value) } },
    ...AGGREGATE_FUNCTIONS.map((fn) => h("option", { value: fn, selected: fn === current }, fn)),
  );
  return h("label", { class: "inline-label" }, "Aggregation ", select);
}

/** A metric value (booleans as ✓/✗). */
export function metricValue(value: number | boolean | null | undefined): string {
  if (typeof value === "boolean") return value ? "✓ true" : "✗ false";
  return formatNumber(value);
}

/** Segmented filter buttons ("All 120", "Passed 100", ...). */
export function segmented(
  options: { value: string | undefined; label: string; count?: number | null }[],
  current: string | undefined,
  onPick: (value: string | undefined) => void,
): HTMLElement {
  return h(
    "div",
    { class: "segmented", attrs: { role: "group" } },
    ...options.map((o) =>
      h(
        "button",
        { class: o.value === current ? "seg active" : "seg", type: "button", testid: `seg-${o.value ?? "all"}`, on: { click: () => onPick(o.value) } },
        o.label,
        o.count !== undefined && o.count !== null ? h("span", { class: "seg-count" }, String(o.count)) : null,
      ),
    ),
  );
}

/** A paged table's section: its heading with the filter beside it, then the table's place. */
export function datapointsSection(title: string, filter: HTMLElement, table: HTMLElement): HTMLElement[] {
  return [h("div", { class: "section-head" }, h("h2", null, title), filter), table];
}
