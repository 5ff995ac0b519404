/** Display formatting of times, durations, numbers and sizes (locale-independent). */
import { formatScore } from "@honeyhive/core/text/format-score";

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** `YYYY-MM-DD HH:MM:SS` in local time, or "—". */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** An ISO timestamp in the same format as {@link formatTime}. */
export function formatIso(iso: string | null | undefined): string {
  if (!iso) return "—";
  const t = Date.parse(iso);
  return Number.isFinite(t) ? formatTime(t) : iso;
}

/** A duration in ms: "0.42 ms", "123 ms", "1.23 s", "2m 03s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms === 0) return "0 ms";
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m ${pad(Math.round((ms % 60_000) / 1000))}s`;
}

/** A number as the SDK's reports show it (`formatScore`: up to 3 decimals); booleans as true/false; "—" for null. */
export function formatNumber(value: number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return String(value);
  return formatScore(value);
}

/** A signed delta: "+0.25", "-1", "0". */
export function formatDelta(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const text = formatNumber(value);
  return value > 0 ? `+${text}` : text;
}

/** A size in characters as "812 B", "12.3 KB", "5.0 MB". */
export function formatSize(chars: number): string {
  if (chars < 1024) return `${chars} B`;
  if (chars < 1024 * 1024) return `${(chars / 1024).toFixed(1)} KB`;
  return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
}

/** The first 8 characters of an id. */
export function shortId(id: string | null | undefined): string {
  if (!id) return "—";
  return id.length > 10 ? id.slice(0, 8) : id;
}

/** Thousands separators, e.g. "20,000". */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
