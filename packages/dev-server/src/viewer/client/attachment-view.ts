/**
 * Shows attachments: a thumbnail for an image, an `<audio controls>` player for audio, a chip (name, type, size) for
 * anything else that opens in a new tab, and an external image as a link, loaded only when asked. Stored bytes come
 * from the dev server's attachment route, fetched with the viewer's key in a header (never in a URL) and shown through
 * a `blob:` URL typed with the type the server sniffed from the bytes: only PNG, JPEG, GIF and WebP become an `<img>`
 * (never SVG), only audio types a player; whatever else, an HTML page or an SVG with script included, becomes a
 * download, so no stored file runs in the viewer's origin.
 */
import { apiBlob } from "./api";
import type { AttachmentPart, ExternalAttachment, StoredAttachment } from "./attachment-parts";
import { h } from "./dom";
import { formatSize } from "./format";
import "./attachments.css";

/** Types the viewer shows inline as an image (SVG never: it can hold script). */
const IMAGE_TYPES = /^image\/(png|jpeg|gif|webp)$/;
/** Types a new tab may open as they are; anything else is a download. */
const OPENABLE_TYPES = /^(image\/(png|jpeg|gif|webp)|audio\/[a-z0-9.+-]+|application\/pdf)$/;

function attachmentPath(sha256: string): string {
  return `/v1/attachments/sha256/${sha256}`;
}

function facts(a: StoredAttachment): string {
  return [a.mimeType, a.size === null ? null : formatSize(a.size)].filter((x) => x !== null).join(" · ");
}

/** A chip's label: the file's name, else what the file is (`PDF document`, `Untitled audio`), never its hash. */
function chipLabel(a: StoredAttachment): string {
  if (a.name !== null && a.name.trim() !== "") return a.name;
  return a.mimeType === "application/pdf" ? "PDF document" : `Untitled ${a.modality}`;
}

/** A chip for stored bytes: name, type and size; a link to them once loaded (a download unless safe to open). */
function documentChip(a: StoredAttachment, blob?: Blob): HTMLElement {
  const label = chipLabel(a);
  const chip = h("a", { class: "att-chip", testid: "attachment-doc", attrs: { "data-sha256": a.sha256, title: `sha256:${a.sha256}`, target: "_blank", rel: "noopener" } },
    h("span", { class: "att-chip-name" }, label), h("span", { class: "muted small" }, facts(a)));
  if (blob) {
    const typed = OPENABLE_TYPES.test(blob.type) ? blob : new Blob([blob], { type: "application/octet-stream" });
    chip.setAttribute("href", URL.createObjectURL(typed));
    if (typed !== blob) chip.setAttribute("download", label);
  }
  return chip;
}

/** The element that shows the loaded bytes, chosen by the type the server sniffed (not the reference's claim). */
function loadedView(a: StoredAttachment, blob: Blob): HTMLElement {
  if (IMAGE_TYPES.test(blob.type) && a.modality === "image") {
    const img = h("img", { class: "att-thumb", testid: "attachment-thumb", title: `${a.name ?? "image"} · ${facts(a)}`, attrs: { alt: a.name ?? "image attachment", "data-sha256": a.sha256 } });
    img.src = URL.createObjectURL(blob);
    return img;
  }
  if (blob.type.startsWith("audio/")) {
    const audio = h("audio", { class: "att-audio", testid: "attachment-audio", attrs: { "data-sha256": a.sha256 } });
    audio.controls = true;
    audio.preload = "metadata";
    audio.src = URL.createObjectURL(blob);
    return h("div", { class: "att-audio-box" }, audio, h("span", { class: "muted small" }, facts(a)));
  }
  return documentChip(a, blob);
}

function storedView(a: StoredAttachment): HTMLElement {
  const box = h("div", { class: "att-item", testid: "attachment", attrs: { "data-modality": a.modality } }, documentChip(a));
  apiBlob(attachmentPath(a.sha256))
    .then((blob) => box.replaceChildren(loadedView(a, blob)))
    .catch(() => box.replaceChildren(h("span", { class: "att-missing muted small", testid: "attachment-missing" }, `${a.modality} not stored here (${facts(a)})`)));
  return box;
}

/** An external image: a link (new tab, no referrer); "Show" loads it in place, never before. */
function externalView(a: ExternalAttachment): HTMLElement {
  const link = h("a", { class: "att-link mono small", testid: "attachment-external", attrs: { target: "_blank", rel: "noopener noreferrer" } }, a.url.length > 80 ? `${a.url.slice(0, 80)}…` : a.url);
  link.setAttribute("href", a.url);
  const box = h("div", { class: "att-item att-external", testid: "attachment", attrs: { "data-modality": a.modality } }, h("span", { class: "muted small" }, `external ${a.modality} `), link);
  if (a.modality === "image" && a.url.slice(0, 6).toLowerCase() === "https:") {
    const show = h("button", { class: "btn small", type: "button", testid: "attachment-show" }, "Show");
    show.addEventListener("click", () => {
      const img = h("img", { class: "att-thumb", testid: "attachment-external-img", attrs: { alt: "external image", referrerpolicy: "no-referrer" } });
      img.src = a.url;
      show.replaceWith(img);
    });
    box.append(" ", show);
  }
  return box;
}

/** The attachments as a strip of thumbnails, players and chips, or null when there are none. */
export function attachmentStrip(parts: readonly AttachmentPart[], testid = "attachments"): HTMLElement | null {
  if (parts.length === 0) return null;
  return h("div", { class: "att-strip", testid }, ...parts.map((a) => (a.kind === "stored" ? storedView(a) : externalView(a))));
}
