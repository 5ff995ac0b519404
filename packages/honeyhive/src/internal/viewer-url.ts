/**
 * Links into the dev server's viewer, for the CLI, evaluate()'s `runUrl` and the demo to print (one definition,
 * re-exported by the dev server). Routes live in the URL fragment, which
 * browsers never send to the server; an API key given here is moved by the viewer into the browser's
 * local storage and removed from the address bar on load.
 */

/** What to open. */
export interface ViewerLink {
  runId?: string;
  /** With `runId`: compare that run against this older run. */
  compareWithRunId?: string;
  sessionId?: string;
  /** The key the data was sent with (each key is its own project). */
  apiKey?: string;
}

/** The viewer URL of a run, comparison, session, or the session list, under the dev server's base URL. */
export function viewerUrl(serverUrl: string, link: ViewerLink = {}): string {
  const base = serverUrl.replace(/\/+$/, "");
  const enc = encodeURIComponent;
  let route = "/sessions";
  if (link.runId !== undefined && link.compareWithRunId !== undefined) {
    route = `/runs/${enc(link.runId)}/compare/${enc(link.compareWithRunId)}`;
  } else if (link.runId !== undefined) {
    route = `/runs/${enc(link.runId)}`;
  } else if (link.sessionId !== undefined) {
    route = `/sessions/${enc(link.sessionId)}`;
  }
  const query = link.apiKey !== undefined && link.apiKey !== "" ? `?key=${enc(link.apiKey)}` : "";
  return `${base}/#${route}${query}`;
}

/**
 * A link next to `runUrl` (a viewer run link made by {@link viewerUrl}): the same server and key, another route.
 * Undefined when `runUrl` is not a viewer run link (e.g. the HoneyHive app's own URL).
 */
export function relatedViewerUrl(runUrl: string | undefined, link: Omit<ViewerLink, "apiKey">): string | undefined {
  if (runUrl === undefined) return undefined;
  const match = /^(.*?)\/?#\/runs\/[^/?#]+(?:\?(.*))?$/.exec(runUrl);
  if (!match) return undefined;
  const key = new URLSearchParams(match[2] ?? "").get("key") ?? undefined;
  return viewerUrl(match[1] ?? "", { ...link, apiKey: key });
}
