/**
 * Prompts: each prompt (configuration) of the project with its environments, its content versions over time, and the
 * events made with each version (linked by the SDK's `withPrompt` / `compile()`), each opening its session.
 */
import { apiGet } from "../api";
import { h, replaceChildren, statusBadge } from "../dom";
import { formatCount, formatIso } from "../format";
import { errorBox, fingerprint, livePage, pageHeader, type PageFactory } from "../page";
import { href, sessionPath } from "../router";
import type { PromptSummary, PromptVersionSummary } from "../../shared/wire-types";

const POLL_MS = 5000;

function versionRow(v: PromptVersionSummary, current: boolean): HTMLElement {
  return h(
    "tr",
    { testid: "prompt-version" },
    h("td", { class: "mono", testid: "prompt-version-id" }, v.version, current ? h("span", null, " ", statusBadge("current", "good")) : null),
    h("td", { class: "nowrap" }, formatIso(v.saved_at)),
    h("td", null, v.env.join(", ") || "—"),
    h("td", { class: "num", testid: "prompt-version-events" }, formatCount(v.events)),
    h("td", null, ...v.recent.map((e) => h("div", { class: "small" }, h("a", { href: href(sessionPath(e.session_id)), testid: "prompt-event-link" }, e.event_name), " ", h("span", { class: "muted" }, formatIso(new Date(e.start_time).toISOString()))))),
  );
}

function promptBlock(p: PromptSummary): HTMLElement {
  return h(
    "section",
    { class: "block", testid: "prompt" },
    h("h2", { testid: "prompt-name" }, p.name, " ", h("span", { class: "muted small" }, p.provider)),
    h("div", { class: "facts-line" }, ...p.env.map((env) => statusBadge(env, "neutral"))),
    h("table", { class: "table table-dense" },
      h("thead", null, h("tr", null, ...["Version", "Saved", "Environments", "Events", "Latest events"].map((t) => h("th", null, t)))),
      h("tbody", null, ...p.versions.map((v, i) => versionRow(v, i === 0)))),
  );
}

/** Mounts the Prompts page. */
export const promptsPage: PageFactory = (root) => {
  const controller = new AbortController();
  const count = h("span", { class: "muted", testid: "prompts-total" });
  const body = h("div", null, h("p", { class: "muted" }, "Loading…"));
  root.append(pageHeader("Prompts", count), body);
  let last = "";
  const load = async () => {
    const data = await apiGet<{ prompts: PromptSummary[] }>("/viewer/prompts", undefined, controller.signal);
    const print = fingerprint(data);
    if (print === last) return;
    last = print;
    count.textContent = `${formatCount(data.prompts.length)} prompts`;
    replaceChildren(body, data.prompts.length === 0
      ? h("div", { class: "empty", testid: "empty" }, h("p", null, "No prompts yet."), h("p", { class: "muted" }, "Prompts saved on this server (honeyhive prompts push, or the configurations API) appear here."))
      : h("div", null, ...data.prompts.map(promptBlock)));
  };
  return livePage({ load, showError: (e) => replaceChildren(body, errorBox(e)), intervalMs: () => POLL_MS, controller, onRoute: () => undefined });
};
