import type { ApiClient } from "../api-client";
import { OneAtATimePerKey } from "../internal/one-at-a-time-per-key";
import { createClientAndRequester } from "../api-client/create-api-client";
import type { Requester } from "../api-client/api-call";
import { eventUpdateCall, sessionStartCall } from "../api-client/events-api";
import { holdWhileAwaited } from "../internal/hold-process";
import type { ResolvedTracerConfig } from "../config/resolve-config";
import type { SessionUpdate } from "../context/tracer-handle";
import type { Logger } from "../internal/logger";
import type { FetchLike } from "../transport/send-http";
import { runtime } from "../runtime/platform";
import { NO_FIELDS } from "../internal/no-fields";
import type { CircuitBreaker } from "../transport/circuit-breaker";
import { CallStop } from "../internal/call-stop";
import { toJsonSafe } from "../enrichment/to-json-safe";
import { DEFAULT_NORMALIZE_BUDGET, type NormalizeBudget, reportCuts } from "../normalize/budget";
import { boundedName } from "../normalize/strings";
import type { ApiResult, EventUpdateRequest, SessionStartRequest } from "../api-client/types";
import type { SpoolSendOutcome } from "../export/disk-spool";
import { SessionRequestsInFlight } from "./session-requests-in-flight";
import { SessionWriteLosses } from "./session-write-losses";
import { sessionRequestCounts } from "./exit-warning";
import { type SessionWrite, decodeSessionWrite, encodeSessionWrite, replaySessionWrite, worthKeeping } from "./session-writes";
import { sendingKey } from "../config/api-keys";
import { SessionStartQueue, sessionStartWindow } from "./session-start-queue";

/**
 * Most session starts of one client waiting for the server's answer. Per-request sessions (`withSession` per request)
 * send one each; when the app starts them faster than the server confirms them they wait for their turn
 * (`session-start-queue.ts`), and beyond this bound a start is not sent (counted in `diagnostics().sessionStartsDropped`,
 * warned once): memory stays bounded.
 * The reviewed load (50 concurrent requests against the dev server) peaked at about 1,100 waiting.
 */
export const MAX_PENDING_SESSION_STARTS = 4096;

/** Fields sent when a session starts. */
interface SessionStartFields {
  inputs?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  userProperties?: Record<string, unknown>;
  /**
   * When the session began (ms since the epoch). @defaultValue the time {@link SessionClient.start} is called: a start
   * always carries its time, else the backend would take the time it receives the request (later by the latency).
   */
  startTime?: number;
}

/** Whose session it is: taken from the starting tracer's own configuration (clients may be shared). */
type SessionIdentity = Pick<ResolvedTracerConfig, "project" | "source" | "runId" | "datasetId" | "datapointId">;

/**
 * An object field of a session start through {@link toJsonSafe}, the rule of every value the SDK sends in an API body
 * (`enrichSession`'s too): strings cut at 131072 UTF-8 bytes like span attributes, so a large datapoint input never
 * makes the start too large for the server. Still an object; undefined stays.
 */
function jsonSafeObject(value: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  const safe = toJsonSafe(value);
  return typeof safe === "object" && safe !== null && !Array.isArray(safe) ? (safe as Record<string, unknown>) : { value: safe };
}

/** `body` with `inputs` (their attachments by reference) in place of what it held; the body a failed start spools. */
function withInputs(body: SessionStartRequest, inputs: Record<string, unknown>): SessionStartRequest {
  body.session.inputs = jsonSafeObject(inputs);
  return body;
}

/**
 * Talks to the sessions API for one tracer: starts sessions in the background and sends updates only
 * after the session's own start request has finished (so an update never overtakes its session).
 * Without an API key, or in test mode, nothing is sent. Its requests are background work: they never keep
 * the process alive by themselves (the exit flush waits for them within its budget).
 */
export class SessionClient {
  /** Makes the REST client and its requester when requests can be sent at all; undefined when nothing is sent. */
  private readonly connect: (() => { api: ApiClient; request: Requester }) | undefined;
  /**
   * The REST client (replays) and its requester (starts and updates, each with its `CallStop`), made on first use: a
   * tracer that never starts nor updates a session never builds them.
   */
  private client: { api: ApiClient; request: Requester } | undefined;
  private readonly pending = new Map<string, Promise<boolean>>();
  /** The pending starts on their way to the transport, a window at a time (a start a write waits for goes first). */
  private readonly starts: SessionStartQueue;
  /** Session updates not settled yet (flush and the exit flush wait for them; the exit warning counts them). */
  private readonly updates = new Set<Promise<boolean>>();
  /** Updates of one event go in call order, keyed by event id (`internal/one-at-a-time-per-key.ts`). */
  private readonly inOrder = new OneAtATimePerKey();
  /** What aborts each start and update in flight ({@link abandon}). */
  private readonly inFlight = new SessionRequestsInFlight();
  /** Session starts not sent because {@link MAX_PENDING_SESSION_STARTS} were waiting for the server. */
  private dropped = 0;
  /** Every start and update given up: not sent (the dropped starts too), or failed for good and not kept in the spool. */
  readonly losses = new SessionWriteLosses();
  /** True from a failed request until one succeeds: one warning per outage, the rest at debug level. */
  private failing = false;
  /** Why nothing is sent, when nothing is. */
  private readonly offlineReason: string;
  /** With a disk spool: keeps a session write the API could not take (`useSpool`). */
  private keep: ((record: string) => Promise<boolean>) | undefined;
  /** The byte bound of session names (the span pipeline's `maxAttributeBytes`) and where cuts are counted. */
  private nameBudget: Readonly<NormalizeBudget> = DEFAULT_NORMALIZE_BUDGET;
  /** What replaces a start's attachments by references, when the tracer extracts them. */
  private extract: ((inputs: Record<string, unknown>) => Promise<Record<string, unknown>> | undefined) | undefined;
  /**
   * Sessions with writes this client kept in the spool and has not replayed yet (count by id): their later writes go
   * to the spool too, behind them, so a replay never lands after (and undoes) a newer write.
   */
  private readonly kept = new Map<string, number>();

  /**
   * @param offlineReason - why a client that sends nothing does not (evaluate(): its run could not be created);
   *   by default, test mode or the missing API key.
   */
  constructor(
    config: ResolvedTracerConfig,
    private readonly logger: Logger,
    fetchImpl: FetchLike | undefined,
    private readonly breaker?: CircuitBreaker,
    offlineReason?: string,
  ) {
    const online = !config.testMode && sendingKey(config) !== undefined;
    this.offlineReason = offlineReason ?? (config.testMode ? "test mode (testMode / HH_TEST_MODE)" : "no API key (apiKey / HH_API_KEY)");
    // the keys were checked when the configuration was resolved: making the client later cannot fail where this could not
    const fetch = fetchImpl ?? (config.httpPipelining ? runtime.transport.background : runtime.transport.fetch);
    this.starts = new SessionStartQueue(sessionStartWindow(fetch === runtime.transport.background && runtime.transport.isNative(fetch)));
    const options = {
      serverUrl: config.serverUrl, apiKey: config.apiKey, ingestionApiKey: config.ingestionApiKey, fetch, timeoutMs: config.timeoutMs, logger,
      compression: config.compression,
    };
    this.connect = online ? () => createClientAndRequester(options, { background: true, breaker }) : undefined;
  }

  /** The REST client and its requester (made now if it is the first use), or undefined when nothing is sent. */
  private get connection(): { api: ApiClient; request: Requester } | undefined {
    if (this.client === undefined && this.connect !== undefined) this.client = this.connect();
    return this.client;
  }

  /** The REST client (made now if it is the first use), or undefined when nothing is sent. */
  private get api(): ApiClient | undefined {
    return this.connection?.api;
  }

  /** True when requests can be sent at all. */
  get online(): boolean {
    return this.connect !== undefined;
  }

  /**
   * With a disk spool: session starts and updates the API could not take are kept by `keep` and replayed through
   * {@link replay} before the spooled spans (decision record 0033).
   */
  useSpool(keep: (record: string) => Promise<boolean>): void {
    if (this.online) this.keep = keep;
  }

  /** Session start inputs go through `extract` before they are sent (a feature's transform: attachments by reference). */
  transformInputs(extract: (inputs: Record<string, unknown>) => Promise<Record<string, unknown>> | undefined): void {
    this.extract = extract;
  }

  /** Bounds session names by the span pipeline's attribute budget (its `maxAttributeBytes`; cuts are counted there). */
  boundNames(budget: Readonly<NormalizeBudget>): void {
    this.nameBudget = budget;
  }

  /** Replays a spooled session write (the spool's drain calls it); how the spool should treat its file. */
  async replay(record: Uint8Array): Promise<SpoolSendOutcome> {
    const write = decodeSessionWrite(record);
    if (!write || !this.api) return write ? "retry-later" : "rejected";
    const outcome = await replaySessionWrite(this.api, write);
    if (outcome === "retry-later") return outcome;
    const left = (this.kept.get(write.session_id) ?? 0) - 1;
    if (left > 0) this.kept.set(write.session_id, left);
    else this.kept.delete(write.session_id);
    if (outcome === "delivered") this.reportSuccess(`session ${write.session_id}: spooled ${write.kind} delivered`);
    return outcome;
  }

  /** Keeps a write in the spool when there is one and the failure is worth a replay; true when kept. */
  private async keepWrite(write: SessionWrite, result: ApiResult<unknown> | undefined): Promise<boolean> {
    if (!this.keep || (result !== undefined && !worthKeeping(result))) return false;
    const record = encodeSessionWrite(write);
    if (record === undefined || !(await this.keep(record).catch(() => false))) return false;
    this.kept.set(write.session_id, (this.kept.get(write.session_id) ?? 0) + 1);
    return true;
  }

  /** Starts a session in the background; the promise resolves true on success and never rejects. */
  start(sessionId: string, sessionName: string, fields: SessionStartFields, config: SessionIdentity): Promise<boolean> {
    const request = this.connection?.request;
    if (request === undefined) return Promise.resolve(false);
    if (this.pending.size >= MAX_PENDING_SESSION_STARTS) return Promise.resolve(this.drop(sessionId));
    const evalIds = { run_id: config.runId, dataset_id: config.datasetId, datapoint_id: config.datapointId };
    const metadata = { ...NO_FIELDS, ...fields.metadata, ...dropUndefined(evalIds) };
    const name = boundedName(sessionName, this.nameBudget.maxStringBytes);
    if (name !== sessionName) reportCuts(this.nameBudget, 1);
    const body: SessionStartRequest = {
      session: dropUndefined({
        project: config.project,
        session_name: name,
        source: config.source,
        session_id: sessionId,
        inputs: jsonSafeObject(fields.inputs),
        metadata: Object.keys(metadata).length > 0 ? jsonSafeObject(metadata) : undefined,
        user_properties: jsonSafeObject(fields.userProperties),
        start_time: fields.startTime ?? Date.now(),
      }),
    };
    const stop = this.inFlight.open(sessionId, "start");
    const sender = (startBody: SessionStartRequest) => (): Promise<ApiResult<unknown>> => request(sessionStartCall(startBody, stop));
    const extracting = fields.inputs ? this.extract?.(fields.inputs) : undefined; // queued at once unless it is extracting
    const sent = extracting
      ? extracting.then((inputs) => this.starts.run(sessionId, sender(withInputs(body, inputs)), stop))
      : this.starts.run(sessionId, sender(body), stop);
    const started = sent
      .then(async (result) => {
        if (result.ok) {
          this.reportSuccess(`session ${sessionId} started`);
          return true;
        }
        const kept = await this.keepWrite({ v: 1, kind: "start", session_id: sessionId, body }, result);
        if (!kept) this.losses.lost("start");
        this.reportFailure(`session ${sessionId} could not be started (${result.error}); ${kept ? "kept in the spool, to be sent before its spans" : "spans still carry its id"}`, stop);
        return false;
      })
      .catch(() => {
        this.losses.lost("start");
        return false;
      })
      .finally(() => {
        this.pending.delete(sessionId);
        this.inFlight.close(stop);
      });
    this.pending.set(sessionId, started);
    return started;
  }

  /**
   * A write waits for `sessionId`'s start (online evaluation's scores, at shutdown): when that start still waits for
   * its turn behind other sessions' starts, it is sent next. Nothing else changes: it is still sent once.
   */
  hurryStart(sessionId: string): void {
    this.starts.hurry(sessionId);
  }

  /** Session starts not sent because too many were waiting for the server's answer. */
  get startsDropped(): number {
    return this.dropped;
  }

  /** A session start beyond the bound: not sent, counted, warned about once per client. */
  private drop(sessionId: string): false {
    this.losses.lost("start");
    if (this.dropped++ === 0) {
      this.logger.warn(`${MAX_PENDING_SESSION_STARTS} session starts are waiting for the server: session ${sessionId} and further ones beyond that bound are not started (their spans still carry their ids); see diagnostics().sessionStartsDropped`);
    } else this.logger.debug(`session ${sessionId} not started: ${MAX_PENDING_SESSION_STARTS} session starts are waiting for the server`);
    return false;
  }

  /**
   * With a session id: resolves when that session's start request (if one is in flight) has finished. Without:
   * when every session start and update in flight has finished.
   */
  settled(sessionId?: string): Promise<unknown> {
    if (sessionId !== undefined) return this.startInFlight(sessionId) ?? Promise.resolve();
    return Promise.all([...this.pending.values(), ...this.updates]);
  }

  /** The start request of `sessionId` while it is in flight; undefined when there is none (nothing to wait for). */
  startInFlight(sessionId: string): Promise<unknown> | undefined {
    return this.pending.get(sessionId);
  }

  /** Session requests not settled yet (what the process would leave unsent if it exited now). */
  unsent(): { starts: number; updates: number } {
    return { starts: this.pending.size, updates: this.updates.size };
  }

  /**
   * Sends `PUT /events` for a session (or, with `eventId`, one of its events), after its start; resolves false on
   * failure, never rejects. Awaited
   * (`await enrichSession(...)`), it holds the process until it settles; not awaited (`void enrichSession(...)`), it is
   * background work like a span export: flush and the exit flush wait for it within their time, and the exit warning
   * counts it when it was not sent. `waitThroughOutage`: the SDK's own background write (a run's final update, a score)
   * may wait for a run's open circuit breaker to close; an application's write never does (it may be awaiting it).
   */
  update(sessionId: string, update: SessionUpdate, eventId = sessionId, waitThroughOutage = false): Promise<boolean> {
    if (!this.api) {
      // offline (no key, test mode, a run that could not be created): nothing to send, track or abort
      this.logger.debug(`session update not sent: ${this.offlineReason}`);
      return Promise.resolve(false);
    }
    const stop = this.inFlight.open(sessionId, "update");
    const request = this.inOrder.after(eventId, () => this.sendUpdate(sessionId, update, stop, eventId, waitThroughOutage));
    this.updates.add(request);
    const forget = (): void => {
      this.updates.delete(request);
      this.inFlight.close(stop);
    };
    request.then(forget, forget);
    return holdWhileAwaited(request);
  }

  private async sendUpdate(sessionId: string, update: SessionUpdate, stop: CallStop, eventId: string, waitThroughOutage: boolean): Promise<boolean> {
    const request = this.connection?.request;
    if (request === undefined) return false; // see update()
    if (!(await this.startSettled(sessionId, waitThroughOutage))) {
      this.reportFailure(`session ${sessionId} update not sent: the backend became unreachable while the session's start was being sent`, stop);
      return this.lostUpdate();
    }
    if (stop.stopped) return this.lostUpdate(); // abandoned at shutdown while it waited for the session's start (warned there)
    const body: EventUpdateRequest = { event_id: eventId, ...update };
    const write: SessionWrite = { v: 1, kind: "update", session_id: sessionId, body };
    // an earlier write of this session waits in the spool: this one goes behind it (replayed in order)
    if (this.kept.has(sessionId) && (await this.keepWrite(write, undefined))) {
      this.logger.debug(`session ${sessionId} update kept in the spool behind the session's earlier writes`);
      return false;
    }
    const result = await request<unknown>(eventUpdateCall(body, stop, waitThroughOutage));
    if (result.ok) {
      this.reportSuccess(`session ${sessionId} updated`);
      return true;
    }
    const kept = await this.keepWrite(write, result);
    this.reportFailure(`session ${sessionId} update failed: ${result.error}${kept ? "; kept in the spool" : ""}`, stop);
    return kept ? false : this.lostUpdate();
  }

  /**
   * Waits for `sessionId`'s start (an update follows it); true once it settled. An application's write
   * (`waitThroughOutage` false) on a breaker that waits through outages (a run's) gives up, false, as soon as that breaker
   * is open: the start may then wait for the backend, and the application may be awaiting this write.
   */
  private startSettled(sessionId: string, waitThroughOutage: boolean): Promise<boolean> {
    const start = this.startInFlight(sessionId);
    const breaker = this.breaker;
    if (start === undefined) return Promise.resolve(true);
    if (waitThroughOutage || breaker === undefined || breaker.waitMs <= 0) return start.then(() => true);
    const opened = new CallStop();
    const exit = breaker.enter(opened); // stopped at once when the breaker is open, else when it opens
    return new Promise<boolean>((resolve) => {
      const removeHook = opened.whenStopped(() => resolve(false));
      void start.then(() => resolve(true)).finally(() => {
        removeHook();
        exit();
      });
    });
  }

  private lostUpdate(): false {
    this.losses.lost("update");
    return false;
  }

  /**
   * Shutdown gave up: aborts the session requests in flight (every one, or those of `sessionId`) and stops their
   * retries, and warns once with how many there were (their failures are then logged at debug level only).
   * Returns how many starts and updates were aborted.
   */
  abandon(sessionId?: string): { starts: number; updates: number } {
    const aborted = this.inFlight.abort(sessionId);
    const what = abandonedWork(aborted.starts, aborted.updates);
    if (what !== undefined) {
      const one = aborted.starts + aborted.updates === 1;
      const spool = this.keep ? " (kept in the disk spool when it can take them)" : "";
      this.logger.warn(`shutdown: ${what} still being sent; ${one ? "the request was aborted and is" : "the requests were aborted and are"} not retried${spool}`);
    }
    return aborted;
  }

  /** A failed request: warned about once per outage, unless shutdown aborted it (`stop`: it warned already). */
  private reportFailure(message: string, stop?: CallStop): void {
    if (this.failing || stop?.stopped === true) return this.logger.debug(message);
    this.failing = true;
    this.logger.warn(`${message} (further session failures are logged at debug level until a request succeeds)`);
  }

  private reportSuccess(message: string): void {
    this.failing = false;
    this.logger.debug(message);
  }
}

/** "1 session start and 2 session updates were" (what shutdown aborted), or undefined when nothing was. */
function abandonedWork(starts: number, updates: number): string | undefined {
  const counts = sessionRequestCounts(starts, updates);
  return counts === undefined ? undefined : `${counts} ${starts + updates === 1 ? "was" : "were"}`;
}

/** The SDK-built object without its undefined fields. */
function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item !== undefined) out[key] = item;
  }
  return out as T;
}
