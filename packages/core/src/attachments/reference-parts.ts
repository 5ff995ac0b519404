/**
 * After extraction replaced each payload by a marker (its attachment URI, or the placeholder text), the parts that
 * held one become reference parts: whatever the provider's shape (OpenAI `image_url` / `input_audio` / `file`,
 * Responses `input_image` / `input_file`, Anthropic `image` / `document` with a base64 `source`, Google `inlineData`
 * / `inline_data`, AI SDK `image` / `file`, OTel GenAI `blob`), a part is an object with a `type` (or a Google
 * `inlineData` / `inline_data` key) holding a marker in one of its fields or its fields' fields; it is replaced, whole,
 * by the OpenTelemetry GenAI `{type: "uri", uri, mime_type, modality, size}` part (with the file name it gave) when its
 * marker is the reference's URI (bytes that are stored), and by the marker itself when it is the placeholder text
 * (bytes that are not: a reference names only stored bytes).
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

/** The marker this object holds in a field or a field's field, if any. */
function heldMarker(value: Json, markers: ReadonlyMap<string, AttachmentReference>): string | undefined {
  for (const field of Object.values(value)) {
    if (typeof field === "string") {
      if (markers.has(field)) return field;
    } else if (isObject(field)) {
      for (const inner of Object.values(field)) if (typeof inner === "string" && markers.has(inner)) return inner;
    }
  }
  return undefined;
}

/**
 * The name a part gives its file, if any: `filename` (OpenAI files, the AI SDK), `name`, `file.filename`, `title`
 * (Anthropic documents), `displayName` of Google's `inlineData`.
 */
function partName(part: Json): string | undefined {
  const file = isObject(part.file) ? part.file : undefined;
  const inline = isObject(part.inlineData) ? part.inlineData : isObject(part.inline_data) ? part.inline_data : undefined;
  const name = part.filename ?? part.name ?? file?.filename ?? part.title ?? inline?.displayName ?? inline?.display_name;
  return typeof name === "string" && name !== "" ? name : undefined;
}

/** Told of each reference part put in place (with the name its part gave). */
export type OnReferencePart = (part: AttachmentReference) => void;

/** `part`'s replacement when it is a part holding a marker: its reference part, or the placeholder text it holds. */
function replacement(part: Json, markers: ReadonlyMap<string, AttachmentReference>, onPart: OnReferencePart | undefined): AttachmentReference | string | undefined {
  if (!isPart(part) || part.type === "uri") return undefined;
  const marker = heldMarker(part, markers);
  const ref = marker === undefined ? undefined : markers.get(marker);
  if (ref === undefined) return undefined;
  if (marker !== ref.uri) return marker; // the placeholder text: the bytes were not stored
  const name = partName(part);
  const named = name !== undefined && ref.name === undefined ? { ...ref, name } : ref;
  onPart?.(named);
  return named;
}

/**
 * Replaces, in place, every part of `root` (a parsed JSON value) that holds one of `markers` by its reference part (or
 * the placeholder text, see the module comment); returns the replacement of `root` itself (the same value unless
 * `root` is such a part). Iterative and bounded.
 */
export function toReferenceParts(root: unknown, markers: ReadonlyMap<string, AttachmentReference>, onPart?: OnReferencePart): unknown {
  if (markers.size === 0) return root;
  if (isObject(root)) {
    const own = replacement(root, markers, onPart);
    if (own !== undefined) return own;
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
      const replaced = isObject(child) ? replacement(child, markers, onPart) : undefined;
      if (replaced !== undefined) container[key] = replaced;
      else stack.push(child);
    }
  }
  return root;
}
