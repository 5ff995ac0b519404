/**
 * After extraction replaced each payload by a marker (its attachment URI, or the placeholder text), the parts that
 * held one become reference parts: whatever the provider's shape (OpenAI `image_url` / `input_audio` / `file`,
 * Responses `input_image` / `input_file`, Anthropic `image` / `document` with a base64 `source`, Google `inlineData`
 * / `inline_data`, AI SDK `image` / `file`, OTel GenAI `blob`), a part is an object with a `type` (or a Google
 * `inlineData` / `inline_data` key) holding a marker in one of its fields or its fields' fields; it is replaced, whole,
 * by the OpenTelemetry GenAI `{type: "uri", uri, mime_type, modality, size}` part (with the file name it gave).
 */
import type { AttachmentReference } from "./reference";

/** Most objects visited in one value (a bound against hostile nesting). */
const MAX_VISITS = 100_000;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isPart(value: Json): boolean {
  return typeof value.type === "string" || isObject(value.inlineData) || isObject(value.inline_data);
}

/** The reference of the marker this object holds in a field or a field's field, if any. */
function heldReference(value: Json, markers: ReadonlyMap<string, AttachmentReference>): AttachmentReference | undefined {
  for (const field of Object.values(value)) {
    if (typeof field === "string") {
      const ref = markers.get(field);
      if (ref) return ref;
    } else if (isObject(field)) {
      for (const inner of Object.values(field)) {
        const ref = typeof inner === "string" ? markers.get(inner) : undefined;
        if (ref) return ref;
      }
    }
  }
  return undefined;
}

/** The name a part gives its file (`filename`, `name`, `file.filename`), if any. */
function partName(part: Json): string | undefined {
  const file = isObject(part.file) ? part.file : undefined;
  const name = part.filename ?? part.name ?? file?.filename;
  return typeof name === "string" && name !== "" ? name : undefined;
}

/** `part`'s replacement when it is a part holding a marker. */
function referencePart(part: Json, markers: ReadonlyMap<string, AttachmentReference>): AttachmentReference | undefined {
  if (!isPart(part) || part.type === "uri") return undefined;
  const ref = heldReference(part, markers);
  if (!ref) return undefined;
  const name = partName(part);
  return name !== undefined && ref.name === undefined ? { ...ref, name } : ref;
}

/**
 * Replaces, in place, every part of `root` (a parsed JSON value) that holds one of `markers` by its reference part;
 * returns the replacement of `root` itself (the same value unless `root` is such a part). Iterative and bounded.
 */
export function toReferenceParts(root: unknown, markers: ReadonlyMap<string, AttachmentReference>): unknown {
  if (markers.size === 0) return root;
  if (isObject(root)) {
    const own = referencePart(root, markers);
    if (own) return own;
  }
  const stack: unknown[] = [root];
  let visits = 0;
  while (stack.length > 0 && visits++ < MAX_VISITS) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null) continue;
    const container = node as Record<string, unknown>;
    for (const key of Object.keys(container)) {
      const child = container[key];
      if (typeof child !== "object" || child === null) continue;
      const ref = isObject(child) ? referencePart(child, markers) : undefined;
      if (ref) container[key] = ref;
      else stack.push(child);
    }
  }
  return root;
}
