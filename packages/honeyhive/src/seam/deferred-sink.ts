/**
 * A span sink wrapper whose code loads later (a feature that sees spans end, loaded when a tracer that uses it is
 * made): until it is loaded, the spans that end wait in order (at most `maxQueued`; beyond, a span goes on unwrapped,
 * counted in {@link DeferredSink.passedUnwrapped}), then go through the wrapper. What the inner sink does while a span
 * can still change (`onSpanEnding`), span starts and releases pass straight through. Nothing blocks the application.
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { Span } from "@opentelemetry/sdk-trace-base";
import type { SpanSink } from "../context/tracer-handle";
import { noteInternalError } from "../internal/guard";

/** See the module comment. */
export class DeferredSink implements SpanSink {
  readonly #inner: SpanSink;
  readonly #maxQueued: number;
  readonly #queued: ReadableSpan[] = [];
  #wrapped: SpanSink | undefined;
  readonly #ready: Promise<void>;
  /** Spans that went on without the wrapper: beyond `maxQueued` while it loaded, or all of them when it failed to load. */
  passedUnwrapped = 0;

  /**
   * @param inner - the tracer's sink.
   * @param wrapper - resolves with the wrapper (a function of the inner sink) once its code is loaded; a rejection
   *   leaves spans unwrapped.
   */
  constructor(inner: SpanSink, wrapper: Promise<(sink: SpanSink) => SpanSink>, maxQueued: number) {
    this.#inner = inner;
    this.#maxQueued = maxQueued;
    this.#ready = wrapper.then(
      (wrap) => {
        try {
          this.#wrapped = wrap(inner);
        } catch (error) {
          noteInternalError(error);
        }
        this.#drain(this.#wrapped);
      },
      (error: unknown) => {
        noteInternalError(error);
        this.#drain(undefined);
      },
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
    if (this.#queued.length < this.#maxQueued) {
      this.#queued.push(span);
      return;
    }
    this.passedUnwrapped++;
    this.#inner.onSpanEnd(span);
  }

  /** Hands the spans that waited to the wrapper (to the inner sink when it failed to load), in the order they ended. */
  #drain(wrapped: SpanSink | undefined): void {
    for (const span of this.#queued.splice(0)) {
      try {
        if (wrapped !== undefined) wrapped.onSpanEnd(span);
        else {
          this.passedUnwrapped++;
          this.#inner.onSpanEnd(span);
        }
      } catch (error) {
        noteInternalError(error);
      }
    }
  }
}
