/**
 * The viewer's entry point: takes an API key passed in the link (`#/...?key=`) into local storage,
 * builds the header, and mounts the page of the current hash route.
 */
import "./viewer.css";
import "./features.css";
import { apiGet, getApiKey, setApiKey } from "./api";
import { h, replaceChildren } from "./dom";
import { setLiveIndicator, showLiveState } from "./live";
import type { Page, PageFactory } from "./page";
import { comparePage } from "./pages/compare-page";
import { connectPage } from "./pages/connect-page";
import { datasetPage, datasetsPage } from "./pages/datasets-page";
import { queuePage, queuesPage } from "./pages/queues-page";
import { promptsPage } from "./pages/prompts-page";
import { runPage } from "./pages/run-page";
import { runsPage } from "./pages/runs-page";
import { sessionPage } from "./pages/session-page";
import { sessionsPage } from "./pages/sessions-page";
import { installKeyboard } from "./keyboard";
import { href, parseHash, type Route, type RouteName } from "./router";
import { themeToggle } from "./theme";

const PAGES: Record<RouteName, PageFactory> = {
  sessions: sessionsPage,
  session: sessionPage,
  runs: runsPage,
  run: runPage,
  compare: comparePage,
  datasets: datasetsPage,
  dataset: datasetPage,
  queues: queuesPage,
  queue: queuePage,
  prompts: promptsPage,
  connect: connectPage,
  "not-found": (root) => {
    root.append(h("div", { class: "error-box" }, "There is no such page."), h("a", { href: "#/sessions" }, "Go to sessions"));
    return { dispose: () => undefined };
  },
};

/**
 * Moves `key=` from the hash into storage and removes it from the address bar. Runs on first load and
 * on every `hashchange` (a link opened in an already open tab changes only the hash, without a reload).
 */
function adoptKeyFromLink(): boolean {
  const hash = window.location.hash;
  const q = hash.indexOf("?");
  if (q < 0) return false;
  const params = new URLSearchParams(hash.slice(q + 1));
  const key = params.get("key");
  if (key === null) return false;
  params.delete("key");
  const stored = key.trim() !== "";
  if (stored) setApiKey(key);
  const rest = params.toString();
  history.replaceState(null, "", `${hash.slice(0, q)}${rest ? `?${rest}` : ""}`);
  return stored;
}

/** Shows the project of the stored key in the header. */
function showProject(project: HTMLElement): void {
  if (getApiKey() === null) return;
  apiGet<{ project: { name: string } }>("/viewer/whoami")
    .then((who) => {
      project.textContent = `project: ${who.project.name}`;
    })
    .catch(() => undefined);
}

function header(project: HTMLElement, live: HTMLElement, theme: HTMLElement): HTMLElement {
  return h(
    "header",
    { class: "topbar" },
    h("a", { class: "brand", href: "#/sessions" }, h("span", { class: "brand-mark" }, "⬢"), " HoneyHive ", h("span", { class: "brand-sub" }, "local viewer")),
    h(
      "nav",
      { class: "nav" },
      h("a", { href: "#/sessions", testid: "nav-sessions", attrs: { "data-nav": "sessions" } }, "Sessions"),
      h("a", { href: "#/runs", testid: "nav-runs", attrs: { "data-nav": "runs" } }, "Experiments"),
      h("a", { href: "#/datasets", testid: "nav-datasets", attrs: { "data-nav": "datasets" } }, "Datasets"),
      h("a", { href: "#/queues", testid: "nav-queues", attrs: { "data-nav": "queues" } }, "Queues"),
      h("a", { href: "#/prompts", testid: "nav-prompts", attrs: { "data-nav": "prompts" } }, "Prompts"),
    ),
    h("div", { class: "topbar-right" }, live, project, theme, h("a", { class: "btn btn-small", href: "#/connect" }, "API key")),
  );
}

/** The header section a route belongs to (its link is highlighted). */
function navSection(name: RouteName): string {
  if (name === "session" || name === "sessions") return "sessions";
  if (name.startsWith("queue")) return "queues";
  if (name === "prompts") return "prompts";
  return name.startsWith("dataset") ? "datasets" : "runs";
}

function highlightNav(app: HTMLElement, route: Route): void {
  const section = navSection(route.name);
  for (const link of app.querySelectorAll<HTMLElement>("[data-nav]")) link.classList.toggle("active", link.dataset.nav === section);
}

/** The route of the current hash; while no key is stored, the connect page (which returns there after). */
function currentRoute(): Route {
  const route = parseHash(window.location.hash);
  if (route.name === "connect" || getApiKey() !== null) return route;
  const next = window.location.hash.replace(/^#/, "") || "/sessions";
  return parseHash(href("/connect", { next }));
}

function start(): void {
  const app = document.getElementById("app");
  if (!app) return;
  const project = h("span", { class: "project", testid: "project" });
  const live = h("span", { class: "live" });
  setLiveIndicator(live);
  const main = h("main", { class: "main" });
  const keys = h("footer", { class: "kbd-help main" }, "Keys: ", h("kbd", null, "/"), " search · ", h("kbd", null, "j"), " ", h("kbd", null, "k"), " move · ",
    h("kbd", null, "Enter"), " open · ", h("kbd", null, "Esc"), " back");
  replaceChildren(app, header(project, live, themeToggle()), main, keys);
  installKeyboard(main);
  showLiveState("paused");

  let current: { route: Route; page: Page } | undefined;
  let started = false;
  const render = () => {
    if (adoptKeyFromLink() && started) {
      // A new key in an open tab: mount the page afresh and show the key's project.
      current?.page.dispose();
      current = undefined;
      showProject(project);
    }
    const route = currentRoute();
    highlightNav(app, route);
    if (current && current.route.name === route.name && current.route.path === route.path && current.page.update) {
      current.route = route;
      current.page.update(route);
      return;
    }
    current?.page.dispose();
    main.replaceChildren();
    current = { route, page: PAGES[route.name](main, route) };
  };
  window.addEventListener("hashchange", render);
  if (window.location.hash === "" || window.location.hash === "#") history.replaceState(null, "", href("/sessions"));
  render();
  started = true;
  showProject(project);
}

start();
