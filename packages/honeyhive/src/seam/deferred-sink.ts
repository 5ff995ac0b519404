/**
 * A span sink wrapper whose code loads later (a feature that sees spans end, loaded when a tracer that uses it is
 * made): until it is loaded, the spans that end wait in order (at most `maxQueued`; beyond, a span goes on unwrapped,
 * counted in {@link DeferredSink.passedUnwrapped}), then go through the wrapper. A wrapper that only looks at spans
 * once they went on (`seesAfterExport`) does not hold them: they go on to export at once, and it is shown them when it
 * is loaded, so a slow load never holds back the spans and then hands the export queue more than it takes in one turn.
 * Spans the wrapper would leave alone (`shows` false: online evaluation's unsampled sessions) go on at once and are
 * neither kept nor counted.
 * What the inner sink does while a span can still change (`onSpanEnding`), span starts and releases pass straight
 * through. Nothing blocks the application.
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { Span } from "@opentelemetry/sdk-trace-base";
import type { SpanSink } from "../context/tracer-handle";
import { noteInternalError } from "../internal/guard";

/** Where a wrapper shows the spans that already went on (`seesAfterExport`): nowhere, they were exported already. */
const ALREADY_SENT: SpanSink = { onSpanEnding: () => undefined, onSpanEnd: () => undefined };

/** How a {@link DeferredSink} keeps the spans that end while its wrapper loads. */
export interface DeferredSinkOptions {
  /** Most spans kept for the wrapper; beyond, they go on without it (counted in {@link DeferredSink.passedUnwrapped}). */
  readonly maxQueued: number;
  /** The wrapper changes no span before it goes on to the inner sink, it only looks at it after (see the module comment). */
  readonly seesAfterExport?: boolean;
  /** Whether the wrapper would do anything with a span; by default it would with every one. */
  readonly shows?: (span: ReadableSpan) => boolean;
}

/** See the module comment. */
export class DeferredSink implements SpanSink {
  readonly #inner: SpanSink;
  readonly #maxQueued: number;
  readonly #queued: ReadableSpan[] = [];
  /** The queued spans went on already: the wrapper is only shown them. */
  readonly #seesAfterExport: boolean;
  readonly #shows: ((span: ReadableSpan) => boolean) | undefined;
  #wrapped: SpanSink | undefined;
  readonly #ready: Promise<void>;
  /** Spans that went on without the wrapper: beyond `maxQueued` while it loaded, or all of them when it failed to load. */
  passedUnwrapped = 0;

  /**
   * @param inner - the tracer's sink.
   * @param wrapper - resolves with the wrapper (a function of the inner sink) once its code is loaded; a rejection
   *   leaves spans unwrapped.
   * @param options - how spans are kept meanwhile ({@link DeferredSinkOptions}).
   */
  constructor(inner: SpanSink, wrapper: Promise<(sink: SpanSink) => SpanSink>, options: DeferredSinkOptions) {
    const seesAfterExport = options.seesAfterExport === true;
    this.#inner = inner;
    this.#maxQueued = options.maxQueued;
    this.#seesAfterExport = seesAfterExport;
    this.#shows = options.shows;
    this.#ready = wrapper.then(
      (wrap) => {
        try {
          const wrapped = wrap(inner);
          const late = seesAfterExport ? wrap(ALREADY_SENT) : wrapped;
          this.#wrapped = wrapped;
          this.#drain(late);
        } catch (error) {
          this.#withoutWrapper(error);
        }
      },
      (error: unknown) => this.#withoutWrapper(error),
    );
    if (inner.onSpanStart) this.onSpanStart = (span) => this.#inner.onSpanStart?.(span);
    if (inner.release) this.release = () => this.#inner.release?.();
  }

  onSpanStart?: (span: Span) => void;
  release?: () => void;

  /** Resolves once the wrapper is loaded (or failed to) and the spans that waited went through it. Never rejects. */
  ready(): Promise<void> {
    return this.#ready;
  }

  onSpanEnding(span: Span): void {
    this.#inner.onSpanEnding(span);
  }

  onSpanEnd(span: ReadableSpan): void {
    if (this.#wrapped !== undefined) return this.#wrapped.onSpanEnd(span);
    if (this.#shows !== undefined && !this.#shows(span)) return this.#inner.onSpanEnd(span);
    const queues = this.#queued.length < this.#maxQueued;
    if (queues) this.#queued.push(span);
    else this.passedUnwrapped++;
    if (this.#seesAfterExport || !queues) this.#inner.onSpanEnd(span);
  }

  /**
   * The wrapper failed to load or to wrap: the spans that waited go on, and every later one passes straight to the
   * inner sink, counted in {@link passedUnwrapped} when the wrapper would have seen it (none is kept for it any more).
   */
  #withoutWrapper(error: unknown): void {
    noteInternalError(error);
    const inner = this.#inner;
    this.#wrapped = {
      onSpanEnding: (span) => inner.onSpanEnding(span),
      onSpanEnd: (span) => {
        if (this.#shows === undefined || this.#shows(span)) this.passedUnwrapped++;
        inner.onSpanEnd(span);
      },
    };
    this.#drain(undefined);
  }

  /**
   * Hands the spans that waited to the wrapper, in the order they ended; when it failed to load, to the inner sink
   * (unless they went on already).
   */
  #drain(wrapped: SpanSink | undefined): void {
    for (const span of this.#queued.splice(0)) {
      try {
        if (wrapped !== undefined) wrapped.onSpanEnd(span);
        else {
          this.passedUnwrapped++;
          if (!this.#seesAfterExport) this.#inner.onSpanEnd(span);
        }
      } catch (error) {
        noteInternalError(error);
      }
    }
  }
}
