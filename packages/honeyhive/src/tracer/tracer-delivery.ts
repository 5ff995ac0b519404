/**
 * How a tracer delivers what it accepted, for `flush()` and `shutdown()`: its spans (the export pipeline), its session
 * starts and updates, and its features' work (`seam/tracer-feature.ts`: online evaluations with their scores). The
 * parts go at once, none waiting for another's time, so a backlog of session requests or a slow judge never starves
 * the spans.
 */
import type { SpanPipeline } from "../export/span-pipeline";
import { withTimeout } from "../internal/with-timeout";
import { startDeadline, stopTimer } from "../internal/timers";
import { clampTimeout } from "../internal/timer-delay";
import type { TracerPart } from "../seam/tracer-feature";
import { type FeatureParts, flushTracerParts, partsReady, stopTracerParts, tellParts } from "./feature-parts";
import type { SessionClient } from "./session-client";

/** What a tracer delivers and how its held work is let go. */
export interface TracerDeliverables {
  readonly pipeline: SpanPipeline;
  readonly sessions: SessionClient;
  /** The features' parts of the tracer (their work, and the spans they hold while their code loads). */
  readonly parts: FeatureParts<TracerPart>;
  /** Ends unfinished streams and lets held spans go (a model span waiting for a sibling twin). */
  release(): void;
  /** The own session's id (its start, when in flight, goes before its spans). */
  readonly ownSessionId: string;
}

const left = (deadline: number): number => Math.max(1, deadline - Date.now());

/**
 * Lets held work go and waits (within `timeoutMs`) for the own session's start when it is in flight: its spans are held
 * until it is answered (decision record 0034), so the backend creates the session from its start.
 */
async function ownStartFirst(d: TracerDeliverables, timeoutMs: number): Promise<void> {
  d.release();
  const ownStart = d.sessions.startInFlight(d.ownSessionId);
  if (ownStart !== undefined) await withTimeout(ownStart, timeoutMs, undefined);
}

/** Waits for the features' work pending now (online evaluations), then for what it sent: its writes and its spans. */
async function featuresDone(d: TracerDeliverables, deadline: number): Promise<boolean> {
  if (![...d.parts.values()].some((part) => part.flush !== undefined)) return true;
  if (!(await flushTracerParts(d.parts, deadline))) return false;
  const [spans, written] = await Promise.all([d.pipeline.whenDelivered(left(deadline)), withTimeout(d.sessions.settled().then(() => true), left(deadline), false)]);
  return spans && written;
}

/**
 * `flush()`: true when, within `timeoutMs`, every span queued so far was delivered, every session request settled
 * with none given up since the previous flush, and the online evaluations pending now ran and wrote their scores.
 */
export async function deliverAll(d: TracerDeliverables, timeoutMs: number): Promise<boolean> {
  // The SDK's requests never keep the process alive; a caller awaiting a flush does, for at most timeoutMs.
  const hold = startDeadline(() => undefined, clampTimeout(timeoutMs));
  const lossBaseline = d.sessions.losses.baseline(); // a loss counted while this flush waits is its own to answer for
  try {
    return await deliverAllNow(d, timeoutMs, lossBaseline);
  } catch {
    return false;
  } finally {
    stopTimer(hold);
  }
}

async function deliverAllNow(d: TracerDeliverables, timeoutMs: number, lossBaseline: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  await ownStartFirst(d, timeoutMs);
  // the features' parts first hand on what they held while their code loaded (those spans then go to export)
  const ready = await partsReady(d.parts, left(deadline));
  const [delivered, sessionsSettled, judged] = await Promise.all([
    d.pipeline.flush(left(deadline)),
    withTimeout(d.sessions.settled().then(() => true), left(deadline), false),
    featuresDone(d, deadline),
  ]);
  // a session start or update given up since the previous flush (or still unsettled) is data not delivered
  return ready && delivered && sessionsSettled && judged && d.sessions.losses.noneSinceLastAsked(lossBaseline);
}

/**
 * `shutdown()` of a tracer with its own pipeline. Its sessions end: online evaluation queues every session it
 * watches. The spans go at once; meanwhile (for 80 % of the time) the session requests settle and the online
 * evaluations run (`judging` says when their judges' spans are still accepted). Evaluations not done by then are
 * dropped (counted); the pipeline has the rest of the time for the spans still unsent, the judges' included; session
 * requests still unanswered are given up (counted). True when every span, session write and evaluation it accepted
 * was delivered or done.
 */
export async function deliverAtShutdown(d: TracerDeliverables, budget: number, judging: (on: boolean) => void): Promise<boolean> {
  const deadline = Date.now() + budget;
  const phase = Date.now() + Math.round(budget * 0.8);
  judging([...d.parts.values()].some((part) => part.worksAtShutdown === true));
  tellParts(d.parts, (part) => part.end?.());
  await ownStartFirst(d, left(phase));
  const ready = await partsReady(d.parts, left(phase));
  d.pipeline.sendQueued();
  await Promise.all([withTimeout(d.sessions.settled(), left(phase), undefined), flushTracerParts(d.parts, phase)]);
  const notJudged = stopTracerParts(d.parts); // evaluations still queued are dropped (counted), not run after shutdown
  judging(false);
  d.release();
  const spansDelivered = await d.pipeline.shutdown(left(deadline));
  await withTimeout(d.sessions.settled(), left(deadline), undefined);
  const unsent = d.sessions.unsent();
  d.sessions.abandon(); // given up: the session requests still in flight are aborted (counted), not retried on
  const noSessionLoss = d.sessions.losses.noneSinceLastAsked();
  return ready && spansDelivered && unsent.starts + unsent.updates === 0 && noSessionLoss && notJudged === 0;
}

/**
 * `shutdown()` of a tracer of a group (evaluate()'s datapoint tracers): the group delivers the shared batches (evaluate()
 * drains it before completing the run); here only the tracer's own session start is waited for, then its requests
 * still in flight are given up. True when its start was not still in flight at the end.
 */
export async function deliverSharedAtShutdown(d: TracerDeliverables, budget: number): Promise<boolean> {
  d.release();
  const starting = d.sessions.startInFlight(d.ownSessionId); // none (offline, or answered): no timer to set
  const settled = starting === undefined ? true : await withTimeout(starting.then(() => true), Math.min(budget, 10_000), false);
  d.sessions.abandon(d.ownSessionId); // given up: its start and updates still in flight are aborted
  return settled;
}
