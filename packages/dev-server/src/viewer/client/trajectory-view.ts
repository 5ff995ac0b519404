/**
 * A datapoint's trajectory beside its scorers' verdicts (session page), and where two runs' trajectories part (run
 * comparison). The server builds both by core's agent-trace rules; this only lays them out, every value as text.
 */
import { h, statusBadge } from "./dom";
import { formatDuration } from "./format";
import { metricValue } from "./run-widgets";
import type { SessionTrajectory, TrajectoryComparison, TrajectoryText, TrajectoryToolCall, TrajectoryVerdict } from "./types";

function valueBlock(label: string, value: TrajectoryText | null, testid: string): HTMLElement | null {
  if (value === null) return null;
  const more = value.truncated ? ` … (${value.length} characters in all)` : "";
  return h("div", { class: "tool-value" }, h("div", { class: "diff-label" }, label), h("pre", { class: "diff-pre small-pre", testid }, value.text + more));
}

function toolCallItem(call: TrajectoryToolCall, sessionId: string): HTMLElement {
  const head = h("div", { class: "tool-call-head" },
    h("span", { class: "tool-step" }, `${call.index + 1}.`),
    h("a", { class: "mono tool-name", href: `#/sessions/${encodeURIComponent(sessionId)}?event=${encodeURIComponent(call.event_id)}`, testid: "tool-call-name" }, call.name),
    call.error !== null ? statusBadge("error", "bad") : null,
    call.duration_ms !== null ? h("span", { class: "muted small" }, formatDuration(call.duration_ms)) : null,
    call.recorded_by === "model" ? h("span", { class: "muted small", title: "The app ran this tool untraced: only the model's request recorded it." }, "requested by the model") : null,
  );
  return h("li", { class: `tool-call${call.error !== null ? " tool-call-error" : ""}`, testid: "tool-call", attrs: { "data-tool": call.name } },
    head,
    valueBlock("Arguments", call.arguments, "tool-call-arguments"),
    call.error !== null ? h("div", { class: "error-box", testid: "tool-call-error" }, call.error) : valueBlock("Result", call.result, "tool-call-result"),
  );
}

function verdictItem(v: TrajectoryVerdict): HTMLElement {
  const badge = v.passed === null ? null : statusBadge(v.passed ? "pass" : "fail", v.passed ? "good" : "bad");
  return h("li", { class: v.passed === false ? "metric-fail" : "", testid: "trajectory-verdict", attrs: { "data-metric": v.name } },
    badge, badge ? " " : null, h("span", { class: "mono" }, v.name), " ", h("b", null, metricValue(v.value)),
    v.explanation !== null ? h("div", { class: "muted small", testid: "trajectory-verdict-explanation" }, v.explanation) : null);
}

/** The session page's trajectory panel: the tool calls in order, the verdicts beside them. */
export function trajectoryPanel(data: SessionTrajectory): HTMLElement {
  const calls = data.tool_calls.length === 0
    ? h("p", { class: "muted", testid: "no-tool-calls" }, "No tool calls recorded.")
    : h("ol", { class: "tool-calls", testid: "tool-calls" }, ...data.tool_calls.map((c) => toolCallItem(c, data.session_id)));
  const overall = data.passed === null ? null : statusBadge(data.passed ? "passed" : "failed", data.passed ? "good" : "bad");
  const verdicts = data.verdicts.length === 0
    ? h("p", { class: "muted" }, "No scores recorded.")
    : h("ul", { class: "trajectory-verdicts" }, ...data.verdicts.map(verdictItem));
  const facts = `${data.tool_calls.length} tool calls · ${data.model_calls} model calls${data.tool_errors > 0 ? ` · ${data.tool_errors} failed` : ""}`;
  return h("section", { class: "trajectory", testid: "trajectory" },
    h("div", { class: "trajectory-calls" }, h("h2", null, "Trajectory ", h("span", { class: "muted small", testid: "trajectory-facts" }, facts)),
      data.truncated ? h("div", { class: "warn-box" }, "This session is very large: the trajectory is read from its first events only.") : null, calls),
    h("aside", { class: "trajectory-side", testid: "trajectory-verdicts" }, h("h2", null, "Verdicts ", overall), verdicts),
  );
}

/** The comparison's trajectory part: each run's tools in order and the first step where they part. */
export function trajectoryComparisonView(t: TrajectoryComparison): HTMLElement {
  const tools = (names: readonly string[]) => (names.length === 0 ? "no tool calls" : names.join(" → "));
  const verdict = t.divergence === null
    ? h("p", { testid: "trajectory-same" }, statusBadge("same trajectory", "neutral"))
    : h("p", { testid: "trajectory-divergence", attrs: { "data-step": String(t.divergence.index + 1), "data-kind": t.divergence.kind } },
      statusBadge("diverges", "bad"), " ", t.divergence.text);
  return h("div", { class: "cmp-trajectory", testid: "cmp-trajectory" },
    h("h3", null, "Trajectory, old → new"), verdict,
    h("div", { class: "small" }, h("span", { class: "tag tag-old" }, "old"), " ", h("span", { class: "mono", testid: "old-tools" }, tools(t.old_tools))),
    h("div", { class: "small" }, h("span", { class: "tag tag-new" }, "new"), " ", h("span", { class: "mono", testid: "new-tools" }, tools(t.new_tools))),
  );
}
