/**
 * The URL of a request's target. An origin-form target (`/v1/runs?x=1`, RFC 9112 §3.2.1) is a path: it is appended to
 * a placeholder origin, never resolved against it, so a path that starts with `//` stays a path (resolving
 * `//v1/runs` would read `v1` as a host name and leave `/runs`). Any other form (an absolute URL a proxy sends) is
 * parsed as it is. Throws a TypeError for a target that is no URL.
 */
const PLACEHOLDER_ORIGIN = "http://dev-server.invalid";

/** The parsed target of a request line (`req.url`; `/` when absent). */
export function requestUrl(target: string | undefined): URL {
  const raw = target ?? "/";
  return raw.startsWith("/") ? new URL(PLACEHOLDER_ORIGIN + raw) : new URL(raw, PLACEHOLDER_ORIGIN);
}
