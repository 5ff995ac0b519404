/**
 * Session seeding: the session event an ingest batch creates for each session its spans name (or widens,
 * when a later span of the batch falls outside it). Evaluation ids are copied from the first span carrying them.
 */
import type { EventRecord } from "../domain/records";
import { sessionSeed } from "../model/event-model";

const EVAL_IDS = ["run_id", "dataset_id", "datapoint_id"] as const;

/** Copies the evaluation ids the event carries into `metadata` where it has none yet. */
function copyEvalIds(event: EventRecord, metadata: Record<string, unknown>): void {
  for (const key of EVAL_IDS) {
    if (metadata[key] === undefined && typeof event.metadata[key] === "string") metadata[key] = event.metadata[key];
  }
}

/** Widens the seed's start and end to cover the event, and recomputes its duration. */
function widenTimes(seed: EventRecord, event: EventRecord): void {
  if (event.start_time !== null && (seed.start_time === null || event.start_time < seed.start_time)) seed.start_time = event.start_time;
  if (event.end_time !== null && (seed.end_time === null || event.end_time > seed.end_time)) seed.end_time = event.end_time;
  if (seed.start_time !== null && seed.end_time !== null) seed.duration = seed.end_time - seed.start_time;
}

/** The session seeds of one batch, by session id. */
export class SessionSeeds {
  private readonly seeds = new Map<string, EventRecord>();

  /** Creates the seed for the first span of a session, or widens it with a later span. */
  add(event: EventRecord, sessionName: string | undefined): void {
    const seed = this.seeds.get(event.session_id);
    if (!seed) {
      const metadata: Record<string, unknown> = {};
      copyEvalIds(event, metadata);
      this.seeds.set(event.session_id, sessionSeed(event.session_id, {
        event_name: sessionName ?? "unknown", source: event.source, metadata, start_time: event.start_time, end_time: event.end_time,
      }));
      return;
    }
    if (seed.event_name === "unknown" && sessionName !== undefined) seed.event_name = sessionName;
    if (seed.source === "unknown") seed.source = event.source;
    copyEvalIds(event, seed.metadata);
    widenTimes(seed, event);
  }

  /** Every seed, in first-seen order. */
  list(): EventRecord[] {
    return [...this.seeds.values()];
  }
}
