/** The disk spool's files and the types of a drain (`disk-spool.ts`). */

/** Outcome of re-sending one spooled body. */
export type SpoolSendOutcome = "delivered" | "retry-later" | "rejected";

/** One spooled body, as `DiskSpool.drain` hands it to the sender. */
export interface SpooledBody {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly spanCount: number;
}

/**
 * Replays one spooled session write (a session start or update the API could not take: `SessionClient`); spool
 * files of this kind are sent before span files, so a session exists, named, before its spans arrive.
 */
export type SessionWriteSender = (record: Uint8Array) => Promise<SpoolSendOutcome>;

/** Counters of a drain. */
export interface DrainResult {
  delivered: number;
  rejected: number;
  /** Session writes replayed (delivered). */
  sessionWrites: number;
  /** True when the spool is empty: no file left to send and none claimed by another live owner. */
  empty: boolean;
  /** Files another live process (or another spool of this process) holds claimed while nothing else is left to send. */
  heldElsewhere: number;
}

export const FILE = /^(\d{15})-(\d+)-(\d+)-(\d+)\.(pb|json)$/;
/** A spooled session write (`<time>-<pid>-<n>-session.json`): not OTLP, replayed through a {@link SessionWriteSender}. */
const SESSION_FILE = /^\d{15}-\d+-\d+-session\.json$/;
export const isSpanFile = (name: string): boolean => FILE.test(name);
export const isSessionFile = (name: string): boolean => SESSION_FILE.test(name);
/** Any spool file (batch or session write): what counts towards `maxBytes`. */
export const isSpoolFile = (name: string): boolean => isSpanFile(name) || isSessionFile(name);

/** The senders of a drain: span batches, and session writes when the pipeline's tracer can replay them. */
export interface Senders {
  readonly send: (item: SpooledBody) => Promise<SpoolSendOutcome>;
  readonly sendSession: SessionWriteSender | undefined;
}

/** How sending one file ended (`session`: it was a session write). */
export interface SendOneOutcome {
  outcome: SpoolSendOutcome;
  spanCount: number;
  session?: boolean;
}

