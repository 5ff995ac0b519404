/**
 * Reads a judge's reply: a JSON object `{"verdict": "<label>", "explanation": "..."}`, alone, in a code fence,
 * or surrounded by prose. Labels are matched ignoring case, surrounding space and `-`/space vs `_`.
 * Never throws: anything else is a failure with a reason (fed back to the judge on the retry).
 */

/** A parsed verdict, or why the reply could not be read. */
type ParsedVerdict = { ok: true; verdict: string; explanation: string } | { ok: false; reason: string };

/** The canonical spelling of a label for comparison: lower case, trimmed, runs of `-`/space as `_`. */
export function canonicalLabel(label: string): string {
  return label.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

function candidates(text: string): string[] {
  const list = [text.trim()];
  const fence = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fence?.[1]) list.push(fence[1].trim());
  const first = text.indexOf("{");
  const last = text.lastIndexOf("}");
  if (first >= 0 && last > first) list.push(text.slice(first, last + 1));
  return list;
}

function firstObject(text: string): Record<string, unknown> | undefined {
  for (const candidate of candidates(text)) {
    try {
      const value: unknown = JSON.parse(candidate);
      if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}

/** Parses `reply` against the allowed `labels` (canonical spellings). */
export function parseVerdict(reply: unknown, labels: readonly string[]): ParsedVerdict {
  if (typeof reply !== "string" || reply.trim() === "") return { ok: false, reason: "the reply was empty" };
  const object = firstObject(reply);
  if (!object) return { ok: false, reason: "the reply held no JSON object" };
  const raw = object.verdict;
  if (typeof raw !== "string") return { ok: false, reason: `"verdict" must be a string, one of ${labels.map((l) => JSON.stringify(l)).join(", ")}` };
  const verdict = labels.find((label) => canonicalLabel(label) === canonicalLabel(raw));
  if (verdict === undefined) return { ok: false, reason: `"verdict" ${JSON.stringify(raw.slice(0, 60))} is not one of ${labels.map((l) => JSON.stringify(l)).join(", ")}` };
  const explanation = typeof object.explanation === "string" ? object.explanation.trim() : "";
  return { ok: true, verdict, explanation };
}
