/**
 * Links into the viewer, for the CLI and the demo to print. Routes live in the URL fragment, which
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
