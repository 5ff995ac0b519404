/** A header name (an RFC 9110 token) and a header value the request line may carry (no CR, LF or NUL, Latin-1). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// eslint-disable-next-line no-control-regex -- NUL is what is refused
const BAD_HEADER_VALUE = /[\r\n\0]|[^\u0000-\u00ff]/;
/** Headers the transport writes itself. */
const OWN_HEADERS = new Set(["host", "content-length", "connection", "transfer-encoding"]);

/**
 * The header lines of frozen headers objects (the API client's: one per key, made once per client), checked and
 * written once: a frozen object's own data properties cannot change (only own properties are sent). Any other
 * headers object is checked and written per request.
 */
const linesOfFrozen = new WeakMap<Readonly<Record<string, string>>, string>();

/** The lines of `headers` (each `name: value\r\n`); throws a TypeError for a header node:http would refuse. */
function headerLines(headers: Readonly<Record<string, string>>): string {
  const frozen = Object.isFrozen(headers);
  if (frozen) {
    const known = linesOfFrozen.get(headers);
    if (known !== undefined) return known;
  }
  let lines = "";
  for (const name of Object.keys(headers)) {
    const value = String(headers[name]);
    if (!HEADER_NAME.test(name) || BAD_HEADER_VALUE.test(value)) throw new TypeError(`invalid HTTP header: ${JSON.stringify(name)}`);
    if (!OWN_HEADERS.has(name.toLowerCase())) lines += `${name}: ${value}\r\n`;
  }
  if (frozen) linesOfFrozen.set(headers, lines);
  return lines;
}

/** The request line and headers; throws a TypeError for a header node:http would refuse (no header injection). */
export function requestHead(method: string, path: string, hostHeader: string, headers: Record<string, string> | undefined, length: number | undefined): string {
  const lines = headers === undefined ? "" : headerLines(headers);
  const framing = length === undefined ? "" : `content-length: ${length}\r\n`;
  return `${method} ${path} HTTP/1.1\r\nhost: ${hostHeader}\r\n${lines}${framing}\r\n`;
}
