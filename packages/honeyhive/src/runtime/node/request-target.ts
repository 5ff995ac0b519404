import { urlToHttpOptions } from "node:url";
import { registerModuleCache } from "../../internal/process-state";

/**
 * The request options node:http is given for a URL: `protocol`, `hostname`, `port`, `path` (and `auth`) as
 * `urlToHttpOptions(new URL(url))` gives them, in a fresh object the caller adds its own options to.
 */
export type RequestOptions = Record<string, unknown> & { protocol: string; path: string };

/** The parts of an origin node:http reads. */
interface Origin {
  readonly protocol: string;
  readonly hostname: string;
  readonly port: number | undefined;
}

/**
 * A URL the WHATWG parser leaves as it is: `http(s)://host[:port]` (no user info, no backslash) and a path and query
 * made only of characters it never percent-encodes (no quote, which it encodes in a query; no `#`, no whitespace, no
 * lone trailing `?`). The SDK's URLs (the API's routes, the OTLP endpoint) all are; anything else is parsed whole.
 */
const PLAIN_URL = /^(https?:\/\/[^/?#\\@\s]+)(\/[\w\-.~!$&()*+,;=:@%/]*(?:\?[\w\-.~!$&()*+,;=:@%/?]+)?)?$/i;
/** A `.` or `..` path segment (also percent-encoded), which the parser resolves. */
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?=[/?]|$)/i;
/** Origins remembered at most (a process talks to one or two). */
const MAX_ORIGINS = 32;

/** Parsed origins, by their text. */
const origins = new Map<string, Origin>();
registerModuleCache("transport/origins", { clear: () => origins.clear(), size: () => origins.size });

function parsedOrigin(origin: string): Origin | undefined {
  let parsed = origins.get(origin);
  if (parsed === undefined) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return undefined; // the whole URL is parsed instead, so its error is the one reported
    }
    const { protocol, hostname, port } = urlToHttpOptions(url);
    parsed = { protocol: protocol!, hostname: hostname!, port: port === undefined ? undefined : Number(port) };
    if (origins.size < MAX_ORIGINS) origins.set(origin, parsed);
  }
  return parsed;
}

/**
 * The request options of `url`, exactly as parsing it with `new URL` gives them, but its origin parsed once per
 * process (measured: the per-request URL parse was a tenth of the transport's client CPU). Throws as `new URL` does.
 */
export function requestOptions(url: string): RequestOptions {
  const plain = PLAIN_URL.exec(url);
  if (plain !== null) {
    const path = plain[2] ?? "/";
    const origin = DOT_SEGMENT.test(path) ? undefined : parsedOrigin(plain[1]!);
    // a literal of fixed shape (spreading a cached object costs more than the whole parse saves)
    if (origin !== undefined) return { protocol: origin.protocol, hostname: origin.hostname, port: origin.port, path };
  }
  return urlToHttpOptions(new URL(url)) as RequestOptions;
}
