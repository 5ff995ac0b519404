/** The span attribute `honeyhive_attachments`: the JSON array of the reference parts of the attachments a span names. */
import type { AttachmentReference } from "@honeyhive/core/attachments/reference";

/** The span's attachment list: what it listed already, then `found`, one entry per URI (with a name if any entry gave one). */
export function attachmentList(existing: unknown, found: readonly AttachmentReference[]): string {
  let list: AttachmentReference[] = [];
  if (typeof existing === "string") {
    try {
      const parsed: unknown = JSON.parse(existing);
      if (Array.isArray(parsed)) list = parsed as AttachmentReference[];
    } catch {
      // not a list: replaced
    }
  }
  const byUri = new Map(list.map((ref, i) => [ref?.uri, i]));
  for (const ref of found) {
    const at = byUri.get(ref.uri);
    if (at === undefined) {
      byUri.set(ref.uri, list.length);
      list.push(ref);
    } else if (list[at]?.name === undefined && ref.name !== undefined) list[at] = { ...list[at], name: ref.name } as AttachmentReference;
  }
  return JSON.stringify(list);
}
