/**
 * Session seeding: the session event an ingest batch creates for each session its spans name (or widens,
 * when a later span of the batch falls outside it). Evaluation ids are copied from the first span carrying them.
 */
import type { EventRecord } from "../domain/records";
import { sessionSeed } from "../model/event-model";

const EVAL_IDS = ["run_id", "dataset_id", "datapoint_id"] as const;

/** The session seeds of one batch, by session id. */
export class SessionSeeds {
  private readonly seeds = new Map<string, EventRecord>();

  /** Creates the seed for the first span of a session, or widens it with a later span. */
  add(event: EventRecord, sessionName: string | undefined): void {
    const seed = this.seeds.get(event.session_id);
    if (!seed) {
      const metadata: Record<string, unknown> = {};
      for (const key of EVAL_IDS) if (typeof event.metadata[key] === "string") metadata[key] = event.metadata[key];
      this.seeds.set(event.session_id, sessionSeed(event.session_id, {
        event_name: sessionName ?? "unknown", source: event.source, metadata, start_time: event.start_time, end_time: event.end_time,
      }));
      return;
    }
    if (seed.event_name === "unknown" && sessionName !== undefined) seed.event_name = sessionName;
    if (seed.source === "unknown") seed.source = event.source;
    for (const key of EVAL_IDS) {
      if (seed.metadata[key] === undefined && typeof event.metadata[key] === "string") seed.metadata[key] = event.metadata[key];
    }
    if (event.start_time !== null && (seed.start_time === null || event.start_time < seed.start_time)) seed.start_time = event.start_time;
    if (event.end_time !== null && (seed.end_time === null || event.end_time > seed.end_time)) seed.end_time = event.end_time;
    if (seed.start_time !== null && seed.end_time !== null) seed.duration = seed.end_time - seed.start_time;
  }

  /** Every seed, in first-seen order. */
  list(): EventRecord[] {
    return [...this.seeds.values()];
  }
}
