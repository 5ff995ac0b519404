/**
 * Prompts: each prompt (configuration) of the project with its environments, its content versions over time, and the
 * events made with each version (linked by the SDK's `withPrompt` / `compile()`), each opening its session.
 * `?prompt=<name>&version=<v>` opens that version's content above the list, and `&compare=<v2>` its diff with another.
 */
import { apiGet } from "../api";
import { h, replaceChildren, statusBadge } from "../dom";
import { formatCount, formatIso } from "../format";
import { errorBox, fingerprint, livePage, pageHeader, type PageFactory } from "../page";
import { href, promptVersionHref, sessionPath, type Route } from "../router";
import { promptDiffPanel, promptVersionPanel } from "../prompt-version-view";
import type { PromptSummary, PromptVersionSummary } from "../../shared/wire-types";
import type { PromptVersionDetail } from "../../shared/prompt-types";

const POLL_MS = 5000;

/** The version the page shows (`?prompt=&version=`) and the one it is compared with (`&compare=`). */
interface Selection {
  prompt: string;
  version: string;
  compare: string | undefined;
}

function selectionOf(route: Route): Selection | undefined {
  const prompt = route.query.get("prompt");
  const version = route.query.get("version");
  if (!prompt || !version) return undefined;
  return { prompt, version, compare: route.query.get("compare") || undefined };
}

function versionRow(p: PromptSummary, v: PromptVersionSummary, current: boolean, selection: Selection | undefined): HTMLElement {
  const mine = selection?.prompt === p.name ? selection : undefined;
  const base = mine?.version ?? p.versions[0]?.version ?? v.version;
  return h(
    "tr",
    { testid: "prompt-version", class: mine?.version === v.version ? "row-selected" : mine?.compare === v.version ? "row-compared" : "" },
    h("td", { class: "mono", testid: "prompt-version-id" },
      h("a", { href: promptVersionHref(p.name, v.version), testid: "prompt-version-link" }, v.version), current ? h("span", null, " ", statusBadge("current", "good")) : null),
    h("td", null, base === v.version ? null : h("a", { href: promptVersionHref(p.name, base, v.version), testid: "prompt-compare-link", title: `diff with ${base}` }, "diff")),
    h("td", { class: "nowrap" }, formatIso(v.saved_at)),
    h("td", null, v.env.join(", ") || "—"),
    h("td", { class: "num", testid: "prompt-version-events" }, formatCount(v.events)),
    h("td", null, ...v.recent.map((e) => h("div", { class: "small" }, h("a", { href: href(sessionPath(e.session_id)), testid: "prompt-event-link" }, e.event_name), " ", h("span", { class: "muted" }, formatIso(new Date(e.start_time).toISOString()))))),
  );
}

function promptBlock(p: PromptSummary, selection: Selection | undefined): HTMLElement {
  return h(
    "section",
    { class: "block", testid: "prompt" },
    h("h2", { testid: "prompt-name" }, p.name, " ", h("span", { class: "muted small" }, p.provider)),
    h("div", { class: "facts-line" }, ...p.env.map((env) => statusBadge(env, "neutral"))),
    h("div", { class: "table-wrap" }, h("table", { class: "table table-dense" },
      h("thead", null, h("tr", null, ...["Version", "Compare", "Saved", "Environments", "Events", "Latest events"].map((t) => h("th", null, t)))),
      h("tbody", null, ...p.versions.map((v, i) => versionRow(p, v, i === 0, selection))))),
  );
}

async function versionDetail(p: PromptSummary, version: string, signal: AbortSignal): Promise<PromptVersionDetail> {
  return apiGet<PromptVersionDetail>(`/viewer/prompts/${encodeURIComponent(p.id)}/versions/${encodeURIComponent(version)}`, undefined, signal);
}

/** The selected version's panel and, with a second version, their diff (older → newer by saved time). */
async function selectionPanels(prompts: readonly PromptSummary[], s: Selection, signal: AbortSignal): Promise<HTMLElement[]> {
  const p = prompts.find((x) => x.name === s.prompt);
  if (!p) return [h("div", { class: "warn-box", testid: "prompt-missing" }, `No prompt named “${s.prompt}” on this server.`)];
  const [shown, other] = await Promise.all([versionDetail(p, s.version, signal), s.compare !== undefined ? versionDetail(p, s.compare, signal) : undefined]);
  if (!other) return [promptVersionPanel(shown)];
  const [older, newer] = other.saved_at <= shown.saved_at ? [other, shown] : [shown, other];
  return [promptDiffPanel(older, newer), promptVersionPanel(shown)];
}

/** Mounts the Prompts page. */
export const promptsPage: PageFactory = (root, initial) => {
  let route: Route = initial;
  const controller = new AbortController();
  const count = h("span", { class: "muted", testid: "prompts-total" });
  const panels = h("div", { testid: "prompt-panels" });
  const body = h("div", null, h("p", { class: "muted" }, "Loading…"));
  root.append(pageHeader("Prompts", count), panels, body);
  let last = "";
  let shownPanels = "";
  const load = async () => {
    const data = await apiGet<{ prompts: PromptSummary[] }>("/viewer/prompts", undefined, controller.signal);
    const selection = selectionOf(route);
    const print = fingerprint([data, selection]);
    if (print === last) return;
    last = print;
    const key = fingerprint(selection ?? null);
    if (key !== shownPanels) {
      replaceChildren(panels, ...(selection ? await selectionPanels(data.prompts, selection, controller.signal).catch((e: unknown) => [errorBox(e)]) : []));
      shownPanels = key;
    }
    count.textContent = `${formatCount(data.prompts.length)} prompts`;
    replaceChildren(body, data.prompts.length === 0
      ? h("div", { class: "empty", testid: "empty" }, h("p", null, "No prompts yet."), h("p", { class: "muted" }, "Prompts saved on this server (honeyhive prompts push, or the configurations API) appear here."))
      : h("div", null, ...data.prompts.map((p) => promptBlock(p, selection))));
  };
  return livePage({ load, showError: (e) => replaceChildren(body, errorBox(e)), intervalMs: () => POLL_MS, controller, onRoute: (next) => { route = next; } });
};
