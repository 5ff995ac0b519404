/**
 * The one check of a HoneyHive server URL, shared by the tracer's configuration, `honeyhive doctor` (through it), every
 * REST client (`createApiClient`, `HoneyHive`, `getPrompt()`'s client) and the CLI's `datasets` and `prompts`
 * commands: an http(s) URL without credentials, query or fragment (every API path is appended to it, so a query would
 * carry the path into it: `/hh?code=SECRET/v1/…`). Messages never repeat credentials nor the query. A URL ending in
 * `/v1` is taken without it, with a warning (every API path already starts with `/v1`).
 */
import { readEnv } from "../internal/env";
import { sdkLogger, warnOncePerProcess } from "../internal/logger";

/** Default HoneyHive server (the Python SDK v1.5 default). */
export const DEFAULT_SERVER_URL = "https://api.dp1.us.honeyhive.ai";

/**
 * A checked server URL: the base URL (no trailing slash, trailing `/v1`, credentials, query nor fragment) and what
 * was wrong.
 */
export interface CheckedServerUrl {
  /** The URL requests are built on; {@link DEFAULT_SERVER_URL} when the value is no http(s) URL at all. */
  readonly url: string;
  /** Why the value is refused (empty when it is fine); each names where the value came from. */
  readonly errors: readonly string[];
}

/**
 * A URL text for messages: anything that looks like `user:password@` masked, and a query or fragment (which may hold
 * a key) replaced by `?…`. A scheme is kept only when `//` follows it: without one (`user:pass@localhost:4401`) the
 * `user:` is part of what is masked, up to the last `@`.
 */
export function redactedUrlText(raw: string): string {
  const masked = raw.slice(0, 200).replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/\s]*@/i, (_m, scheme: string | undefined) => `${scheme ?? ""}***@`);
  return masked.replace(/[?#].*$/s, "?…");
}

/**
 * Checks `raw`, named `name` in messages (the option, `HH_API_URL`, a CLI flag). A value that is not an http(s) URL,
 * or that carries credentials, a query or a fragment, is an error; the URL returned has them removed.
 */
export function checkServerUrl(raw: string, name: string): CheckedServerUrl {
  let url: URL;
  try {
    url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http(s)");
  } catch {
    return { url: DEFAULT_SERVER_URL, errors: [`${name} "${redactedUrlText(raw)}" is not a valid http(s) URL (for example http://localhost:4318)`] };
  }
  const errors: string[] = [];
  if (url.username || url.password) {
    errors.push(`${name} must not contain credentials (pass the API key as apiKey / HH_API_KEY)`);
    url.username = "";
    url.password = "";
  }
  if (url.search !== "" || url.hash !== "" || /[?#]/.test(url.href)) {
    errors.push(`${name} must not contain a query or fragment ("?…" or "#…"): the API paths are appended to it; give the server's base URL, e.g. ${url.origin}${url.pathname.replace(/\/+$/, "")}`);
    url.search = "";
    url.hash = "";
  }
  return { url: withoutApiVersion(url.toString().replace(/[?#]+$/, "").replace(/\/+$/, ""), name), errors };
}

/**
 * `base` without one trailing `/v1`, warned once per process naming the URL used. Every API path the SDK sends
 * (`/v1/runs`, `/v1/sessions`, the OTLP route) already starts with `/v1`, so a base ending in it can only mean the
 * server's root: kept, it would send `/v1/v1/runs`, which the server answers 404.
 */
function withoutApiVersion(base: string, name: string): string {
  if (!/\/v1$/i.test(base)) return base;
  const used = base.slice(0, -3).replace(/\/+$/, "");
  warnOncePerProcess(sdkLogger(), `${name} "${redactedUrlText(base)}" ends with /v1, which every API path already starts with; using ${redactedUrlText(used)}`);
  return used;
}

/** Where a server URL came from: the value, and the name messages give it. */
export interface ServerUrlSource {
  readonly raw: string;
  readonly name: string;
}

/**
 * The server URL of a client or command before it is checked: `option` (named `optionName`) > env `HH_API_URL` >
 * {@link DEFAULT_SERVER_URL}.
 */
export function serverUrlSource(option: string | undefined, optionName = "serverUrl"): ServerUrlSource {
  if (option !== undefined) return { raw: option, name: optionName };
  const fromEnv = readEnv().HH_API_URL;
  return fromEnv !== undefined ? { raw: fromEnv, name: "HH_API_URL" } : { raw: DEFAULT_SERVER_URL, name: optionName };
}
