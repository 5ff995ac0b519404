/**
 * The server's log names each model it ingests calls of without a price, once per provider and model: the cost of
 * those calls is unknown (the viewer shows "no price for …", never $0) until a price is added.
 */
import type { Logger } from "@honeyhive/core/log/logger";
import { eventUsage } from "../domain/call-usage";
import type { EventRecord } from "../domain/records";

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim().slice(0, 200) : undefined;
}

/** Logs a warning, once per provider and model, for each model event of `events` that has tokens but no price. */
export function noteUnpricedCalls(logger: Logger, events: Iterable<EventRecord>): void {
  for (const event of events) {
    if (event.event_type !== "model") continue;
    // a priced call (ingest wrote metadata.cost) has a price: skip it without reading its usage, on the ingest path
    const cost = (event.metadata as Record<string, unknown> | undefined)?.cost;
    if (typeof cost === "number" && Number.isFinite(cost)) continue;
    const model = eventUsage(event)?.unpriced_models?.[0];
    if (model === undefined) continue;
    const provider = text(event.config.provider);
    const named = provider === undefined ? `"${model}"` : `"${model}" (provider "${provider}")`;
    logger.warnOnce(`unpriced\n${provider ?? ""}\n${model}`,
      `no price for model ${named}: the cost of its calls is unknown, not 0; add a price with --prices or HH_DEV_SERVER_PRICES`);
  }
}
