/**
 * An export stage whose code loads on first need: until then a cheap check (`mayNeed`) passes every other span straight
 * on; the first span that may need the stage starts loading it, and such spans wait (at most `maxHeld`, in order)
 * until it is loaded, then go through it. Nothing is lost: a span beyond `maxHeld`, or every span while the code could
 * not be loaded, passes on as if there were no stage (counted in {@link DeferredStage.passedUnstaged}). A failed load is
 * tried again by the first span that may need the stage once `retryAfterMs` passed (a disk hiccup does not turn the
 * stage off for the tracer's life). The wait never blocks the application: spans are held in memory, as the stage
 * itself holds them.
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { noteInternalError } from "../internal/guard";
import { withTimeout } from "../internal/with-timeout";
import type { ExportStage } from "./tracer-feature";

/** How a {@link DeferredStage} finds out when it is needed and gets its stage. */
export interface DeferredStageOptions {
  /** Cheap and synchronous: whether the stage may act on `span` (false: the span passes on, nothing is loaded). */
  mayNeed(span: ReadableSpan): boolean;
  /** Loads the stage's code and builds the stage (called once, at the first span that may need it). */
  load(next: (span: ReadableSpan) => void): Promise<ExportStage>;
  /** Most spans held while the code loads. */
  readonly maxHeld: number;
  /** How long after a failed load spans pass on unstaged before the next one tries again. @defaultValue 5000 */
  readonly retryAfterMs?: number;
}

/** Default {@link DeferredStageOptions.retryAfterMs}. */
const RETRY_AFTER_MS = 5_000;

/** See the module comment. */
export class DeferredStage implements ExportStage {
  readonly #options: DeferredStageOptions;
  readonly #next: (span: ReadableSpan) => void;
  readonly #held: ReadableSpan[] = [];
  #stage: ExportStage | undefined;
  #loading: Promise<void> | undefined;
  /** When the last load failed (`performance.now()`); undefined while none failed since. */
  #failedAt: number | undefined;
  /** Spans passed on unstaged while the code loaded (beyond `maxHeld`) or after it failed to load. */
  passedUnstaged = 0;

  /** @param next - where spans go on (the export queue). */
  constructor(options: DeferredStageOptions, next: (span: ReadableSpan) => void) {
    this.#options = options;
    this.#next = next;
  }

  /** The loaded stage, once it is loaded. */
  get loaded(): ExportStage | undefined {
    return this.#stage;
  }

  /** Loads the stage now (when no span did yet); resolves with it, or undefined when it could not be loaded. Never rejects. */
  whenLoaded(): Promise<ExportStage | undefined> {
    this.#load();
    return (this.#loading as Promise<void>).then(() => this.#stage);
  }

  push(span: ReadableSpan): void {
    if (this.#stage !== undefined) return this.#stage.push(span);
    let needed = false;
    try {
      needed = this.#options.mayNeed(span);
    } catch (error) {
      noteInternalError(error);
    }
    if (needed && this.#mayLoad() && this.#held.length < this.#options.maxHeld) {
      this.#held.push(span);
      this.#load();
      return;
    }
    if (needed) this.passedUnstaged++;
    this.#next(span);
  }

  get busy(): boolean {
    return this.#held.length > 0 || (this.#stage?.busy ?? false);
  }

  release(): void {
    if (this.#stage !== undefined) return this.#stage.release?.();
    for (const span of this.#held.splice(0)) { // still waiting for the code: on as they are
      this.passedUnstaged++;
      this.#next(span);
    }
  }

  takeNothingLost(): boolean {
    return this.#stage?.takeNothingLost?.() ?? true;
  }

  async idle(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    if (this.#loading !== undefined && this.#stage === undefined && this.#failedAt === undefined) {
      await withTimeout(this.#loading, Math.max(1, timeoutMs), undefined);
    }
    if (this.#held.length > 0) return false; // still loading at the deadline
    return this.#stage === undefined ? true : this.#stage.idle(Math.max(1, deadline - Date.now()));
  }

  /** Whether a span may wait for the code: no load failed, or the last failure is old enough to try again. */
  #mayLoad(): boolean {
    if (this.#failedAt === undefined) return true;
    if (performance.now() - this.#failedAt < (this.#options.retryAfterMs ?? RETRY_AFTER_MS)) return false;
    this.#failedAt = undefined;
    this.#loading = undefined;
    return true;
  }

  #load(): void {
    // the stage is set and the held spans handed to it in one step: a flush never sees a stage with spans still held
    this.#loading ??= this.#options.load(this.#next).then(
      (stage) => {
        this.#stage = stage;
        this.#release();
      },
      (error: unknown) => {
        this.#failedAt = performance.now();
        noteInternalError(error);
        this.#release();
      },
    );
  }

  /** Hands the held spans to the loaded stage (or on, when it failed to load), in the order they came. */
  #release(): void {
    for (const span of this.#held.splice(0)) {
      try {
        if (this.#stage !== undefined) this.#stage.push(span);
        else {
          this.passedUnstaged++;
          this.#next(span);
        }
      } catch (error) {
        noteInternalError(error);
      }
    }
  }
}
