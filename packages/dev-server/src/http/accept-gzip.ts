/**
 * Whether a client takes a gzipped answer: its `Accept-Encoding` names `gzip` (or `*`) with a weight above zero
 * (RFC 9110 §12.5.3). Browsers, `fetch`, curl with `--compressed` and Python's HTTP clients send it.
 */

/** True when `header` (a request's `Accept-Encoding`) accepts `gzip`. */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  let star = false;
  for (const item of (Array.isArray(header) ? header.join(",") : header).split(",")) {
    const [name = "", ...params] = item.split(";").map((part) => part.trim().toLowerCase());
    const weight = params.find((p) => p.startsWith("q="));
    const accepted = weight === undefined || Number(weight.slice(2)) > 0;
    if (name === "gzip" || name === "x-gzip") return accepted;
    if (name === "*") star = accepted;
  }
  return star;
}
