import type { OtlpProtocol } from "../config/tracer-options";
import type { GlobalProviderSituation } from "./shared-provider";

/** Why spans were dropped. */
export interface DropCounters {
  /** The export queue was full. */
  queueFull: number;
  /** Export failed after all retries. */
  exportFailed: number;
  /**
   * The span ended after its tracer shut down, or was still queued or being sent when shutdown's time ran out (with a
   * spool, the spans being sent are written to it and counted in `spansSpooled` instead).
   */
  shutdown: number;
  /** Nowhere to send: no API key (or test mode) and no exporter. */
  noDestination: number;
  /** Oldest spooled spans removed to keep the spool under its `maxBytes`. */
  spoolFull: number;
}

/** What `tracer.diagnostics()` returns. */
export interface TracerDiagnostics {
  spansStarted: number;
  spansEnded: number;
  spansExported: number;
  spansQueued: number;
  /**
   * Spans in export requests not yet answered. Once every span has ended: spansStarted = spansExported + the
   * dropped counters + spansQueued + spansInFlight + spans waiting in the spool.
   */
  spansInFlight: number;
  dropped: DropCounters;
  /** Attribute values cut by the byte budgets (they end with `…[truncated N bytes]`). */
  truncatedAttributes: number;
  /** Spans kept in the disk spool because the collector could not take them (see the `spool` option). */
  spansSpooled: number;
  /** Spooled spans delivered later (including those an earlier process left in the spool). */
  spoolDelivered: number;
  /** Spool files removed unsent (damaged, no spans) or refused by the collector; each is logged when it happens. */
  spoolRejectedFiles: number;
  /** A context manager is registered (async context follows awaits). */
  contextManager: boolean;
  /** Whether the SDK registered the global provider or found one already registered ("not-activated" before `activate()`). */
  globalProvider: GlobalProviderSituation | "not-activated";
  protocol: OtlpProtocol;
  /** OTLP endpoint (never includes the key). */
  endpoint: string;
  mode: "batch" | "immediate";
  /** False when the tracer is a no-op because of a configuration error. */
  enabled: boolean;
  hasApiKey: boolean;
  testMode: boolean;
  environment: string;
  sessionId: string;
  /**
   * Errors the SDK caught inside its own code (hostile input, a failing hook) instead of throwing into yours;
   * process-wide, since start or the last `resetHoneyHiveGlobals()`.
   */
  internalErrors: number;
}

/** One-line summary for verbose logs. */
export function formatDiagnostics(d: TracerDiagnostics): string {
  const dropped = Object.entries(d.dropped)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason}=${n}`)
    .join(",");
  return `spans started=${d.spansStarted} ended=${d.spansEnded} exported=${d.spansExported} queued=${d.spansQueued} inFlight=${d.spansInFlight} dropped=${dropped || "0"} endpoint=${d.endpoint} protocol=${d.protocol} mode=${d.mode}`;
}
