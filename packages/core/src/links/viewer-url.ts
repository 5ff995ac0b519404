/**
 * Links into the dev server's viewer, for the CLI, evaluate()'s `runUrl` and the demo to print (one definition,
 * re-exported by the dev server). Routes live in the URL fragment, which
 * browsers never send to the server. A link carries a key only when it is the dev server's public default
 * key (`local`, what the dev server prints when it runs without `--api-key`): the viewer then opens the page with
 * no login step, moving the key into the browser's local storage. Any other key is a secret and never printed, so
 * it stays out of terminals, CI logs and Markdown/JSON reports; the viewer asks for it once and remembers it.
 */

/** The dev server's public default key: accepted by a server started without `--api-key`, not a secret. */
export const PUBLIC_LOCAL_KEY = "local";

/** What to open. */
export interface ViewerLink {
  runId?: string;
  /** With `runId`: compare that run against this older run. */
  compareWithRunId?: string;
  sessionId?: string;
  /** The key the data was sent with (each key is its own project); put in the link only when it is {@link PUBLIC_LOCAL_KEY}. */
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
  const query = link.apiKey === PUBLIC_LOCAL_KEY ? `?key=${enc(link.apiKey)}` : "";
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
