/** Wire shapes of the viewer's review-queue routes (shared by the server views and the browser client). */
import type { ValuePreview } from "./wire-types";

/** A queue in the viewer's list. */
export interface QueueSummary {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  /** Events in the queue. */
  events: number;
}

/** One event of a queue, as the review page shows it. */
export interface QueueItem {
  event_id: string;
  /** False when the queue names an event this project does not hold (yet). */
  found: boolean;
  session_id: string | null;
  event_type: string | null;
  event_name: string | null;
  start_time: number | null;
  inputs: ValuePreview;
  outputs: ValuePreview;
  /** The event's feedback object (small by nature). */
  feedback: Record<string, unknown>;
}

/** A queue with its events, in the order they were added. */
export interface QueueDetail {
  queue: QueueSummary;
  items: QueueItem[];
  /** True when the queue holds more events than the page shows. */
  truncated: boolean;
}
