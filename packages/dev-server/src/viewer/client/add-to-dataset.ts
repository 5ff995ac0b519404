/**
 * The session page's "Add to dataset" action: a button that opens a small form (an existing dataset of this key's
 * project, or the name of a new one) and copies the session into it through `POST /viewer/sessions/:id/dataset`,
 * by the same rule as the SDK's `addEvent`; the answer links to the dataset.
 */
import { apiGet, apiPost } from "./api";
import { h, replaceChildren } from "./dom";
import { datasetPath } from "./pages/datasets-page";
import { href } from "./router";
import type { DatasetSummary } from "./types";

const NEW_DATASET = "";

interface AddAnswer {
  dataset_id: string;
  dataset_name: string;
  added: boolean;
}

function outcome(answer: AddAnswer): HTMLElement {
  const link = h("a", { href: href(datasetPath(answer.dataset_id)), testid: "add-to-dataset-link" }, answer.dataset_name);
  return h("span", null, answer.added ? "Added to " : "Already in ", link);
}

/** The form: the dataset choice, a name field for a new one, and the Add button. */
function form(sessionId: string, datasets: DatasetSummary[], status: HTMLElement): HTMLElement {
  const choice = h("select", { class: "input", testid: "add-to-dataset-choice", attrs: { "aria-label": "Dataset" } },
    h("option", { value: NEW_DATASET }, "New dataset…"),
    ...datasets.map((d) => h("option", { value: d.id }, d.name)));
  const name = h("input", { class: "input", type: "text", placeholder: "New dataset name", testid: "add-to-dataset-name", attrs: { maxlength: "200", "aria-label": "New dataset name" } });
  const syncName = () => { name.hidden = choice.value !== NEW_DATASET; };
  choice.addEventListener("change", syncName);
  if (datasets.length > 0) choice.value = datasets[0]!.id;
  syncName();
  const add = h("button", { class: "btn", type: "button", testid: "add-to-dataset-submit" }, "Add");
  add.addEventListener("click", () => {
    const body = choice.value === NEW_DATASET ? { dataset_name: name.value.trim() } : { dataset_id: choice.value };
    if ("dataset_name" in body && body.dataset_name === "") {
      status.textContent = "Name the new dataset.";
      return;
    }
    add.disabled = true;
    status.textContent = "Adding…";
    apiPost<AddAnswer>(`/viewer/sessions/${encodeURIComponent(sessionId)}/dataset`, body).then(
      (answer) => {
        replaceChildren(status, outcome(answer));
        if (![...choice.options].some((o) => o.value === answer.dataset_id)) choice.append(h("option", { value: answer.dataset_id }, answer.dataset_name));
        choice.value = answer.dataset_id;
        syncName();
      },
      (error: unknown) => { status.textContent = `Not added: ${error instanceof Error ? error.message : String(error)}`; },
    ).finally(() => { add.disabled = false; });
  });
  return h("span", { class: "add-to-dataset-form", testid: "add-to-dataset-form" }, choice, name, add);
}

/** The "Add to dataset" action of session `sessionId`. */
export function addToDatasetAction(sessionId: string): HTMLElement {
  const status = h("span", { class: "muted small", testid: "add-to-dataset-status" });
  const holder = h("span", { class: "add-to-dataset" });
  const open = h("button", { class: "btn", type: "button", testid: "add-to-dataset" }, "Add to dataset");
  open.addEventListener("click", () => {
    open.disabled = true;
    apiGet<{ datasets: DatasetSummary[] }>("/viewer/datasets").then(
      (answer) => replaceChildren(holder, form(sessionId, answer.datasets.filter((d) => d.kind === "stored"), status), status),
      (error: unknown) => {
        open.disabled = false;
        status.textContent = `Datasets not loaded: ${error instanceof Error ? error.message : String(error)}`;
      },
    );
  });
  holder.append(open, status);
  return holder;
}
