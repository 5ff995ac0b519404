/**
 * A dataset's handles as code on its page: the id `evaluate({ datasetId })` takes, the content version it can pin
 * (`datasetVersion`), its splits (`split`), and the `evaluate()` line that names them. Every value is text.
 */
import { h } from "./dom";
import { formatCount } from "./format";
import type { DatasetHandles } from "../shared/dataset-handles";

function evaluateLine(handles: DatasetHandles): string {
  const split = handles.splits[0]?.name;
  const parts = [`datasetId: ${JSON.stringify(handles.dataset_id)}`];
  if (handles.version !== null) parts.push(`datasetVersion: ${JSON.stringify(handles.version)}`);
  if (split !== undefined) parts.push(`split: ${JSON.stringify(split)}`);
  return `evaluate({ ${parts.join(", ")}, function: …, evaluators: … })`;
}

/** The handles block. */
export function datasetHandlesView(handles: DatasetHandles): HTMLElement {
  const source = handles.version_source === "run" ? "recorded by its latest run" : handles.version_source === "content" ? "of its stored datapoints" : "";
  return h(
    "section",
    { class: "block dataset-handles", testid: "dataset-handles" },
    h("dl", { class: "facts" },
      h("dt", null, "Dataset id"), h("dd", null, h("code", { testid: "handle-dataset-id" }, handles.dataset_id)),
      h("dt", null, "Content version"), h("dd", null, handles.version === null
        ? h("span", { class: "muted", testid: "handle-version" }, "none recorded")
        : h("span", null, h("code", { testid: "handle-version" }, handles.version), h("span", { class: "muted small" }, ` ${source}`))),
      h("dt", null, "Splits"), h("dd", { testid: "handle-splits" }, handles.splits.length === 0
        ? h("span", { class: "muted" }, "none")
        : h("span", null, ...handles.splits.map((s, i) => h("span", { testid: "handle-split" }, i > 0 ? " · " : "", h("code", null, s.name), ` ${formatCount(s.datapoints)}`)),
          handles.unsplit > 0 ? h("span", { class: "muted" }, ` · no split ${formatCount(handles.unsplit)}`) : null))),
    h("pre", { class: "diff-pre", testid: "handle-evaluate" }, evaluateLine(handles)),
  );
}
