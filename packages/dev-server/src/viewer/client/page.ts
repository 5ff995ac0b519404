/** The contract between the app shell and its pages, and shared page helpers. */
import { ApiError } from "./api";
import { h } from "./dom";
import { showLiveState, startPolling } from "./live";
import { navigate, type Route } from "./router";

/** A mounted page. */
export interface Page {
  /** Handles a new route of the same page (e.g. another page of rows) without remounting. */
  update?(route: Route): void;
  dispose(): void;
}

/** Mounts a page into `root`. */
export type PageFactory = (root: HTMLElement, route: Route) => Page;

/** A message box for a failed load; a missing or wrong key leads to the connect page. */
export function errorBox(error: unknown): HTMLElement {
  if (error instanceof ApiError && error.status === 401) {
    const next = window.location.hash.replace(/^#/, "");
    navigate("/connect", { reason: error.message, next: next.startsWith("/connect") ? undefined : next }, true);
  }
  const message = error instanceof Error ? error.message : String(error);
  return h("div", { class: "error-box", testid: "error-box" }, message);
}

/** True when an error comes from an aborted request (the page went away). */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

/** A page heading with optional trailing elements. */
export function pageHeader(title: string, ...extra: (Node | string | null)[]): HTMLElement {
  return h("div", { class: "page-header" }, h("h1", { testid: "page-title" }, title), ...extra);
}

/** Debounces a function (for filter inputs). */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let timer: number | undefined;
  return (...args) => {
    if (timer !== undefined) window.clearTimeout(timer);
    timer = window.setTimeout(() => fn(...args), ms);
  };
}

/** Serialises data for change detection between polls. */
export function fingerprint(value: unknown): string {
  return JSON.stringify(value);
}

/** Runs a page's first load: marks the data live on success, hands other errors than aborts to `onError`. */
export function firstLoad(load: () => Promise<void>, onError: (error: unknown) => void): Promise<void> {
  return load().then(
    () => showLiveState("live"),
    (error: unknown) => {
      if (!isAbort(error)) onError(error);
    },
  );
}

/** What {@link livePage} needs to run a page's data lifecycle. */
export interface LivePageOptions {
  /** Loads (or reloads) the page's data and renders it. */
  load: () => Promise<void>;
  /** Shows a failed first load. */
  showError: (error: unknown) => void;
  /** Polling interval, asked before each poll. */
  intervalMs: () => number;
  /** Aborted when the page goes away. */
  controller: AbortController;
  /** Takes a new route of the same page (before the reload, unless `reloadOnRoute` is false). */
  onRoute: (route: Route) => void;
  /** Reload after a route change. @defaultValue true */
  reloadOnRoute?: boolean;
  /** Extra cleanup when the page goes away. */
  onDispose?: () => void;
}

/** The shared page lifecycle: first load, live polling, route updates, disposal. */
export function livePage(options: LivePageOptions): Page {
  const show = (): Promise<void> => firstLoad(options.load, options.showError);
  void show();
  const poller = startPolling(options.load, options.intervalMs);
  return {
    update(next) {
      options.onRoute(next);
      if (options.reloadOnRoute !== false) void show();
    },
    dispose() {
      poller.stop();
      options.controller.abort();
      options.onDispose?.();
    },
  };
}
