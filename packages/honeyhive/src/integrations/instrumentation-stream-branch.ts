/**
 * OpenInference's OpenAI and Anthropic instrumentations read a streamed call on a branch of their own: they `tee()` the
 * client's stream, hand the application the first branch and read the second in a promise nobody awaits. When the
 * stream fails midway (the connection drops, the provider sends an error event), that promise rejects, an unhandled
 * rejection that ends a Node app by default, and the instrumentation's span never ends (the call is lost). For a stream
 * observed under an OpenInference span (provider-stream-usage.ts), the SDK wraps its `tee()`: the instrumentation's
 * branch records the failure on the span (`honeyhive_error`, an exception event) and then ends as a finished stream
 * would, so the instrumentation records what came and ends its span. The application's branch is left as it is: the
 * application still receives the error. Never throws.
 */
import type { Attributes, Span } from "@opentelemetry/api";
import { noteInternalError } from "../internal/guard";
import { recordError } from "../instrument/record-error";

/** A client's `Stream` (OpenAI's, Anthropic's): `iterator` is its chunk source, used by iteration and by `tee()`. */
export interface ClientStream {
  iterator?: () => AsyncIterator<unknown>;
}

type Tee = (this: unknown) => unknown;

/** True for a span of an OpenInference instrumentation (`attributes` its attributes). */
function openInferenceSpan(attributes: Attributes | undefined): boolean {
  return attributes?.["openinference.span.kind"] !== undefined;
}

/** Makes `branch` (a client `Stream`) record a failure of its source on `span` and end instead of throwing. */
function endQuietly(branch: ClientStream, span: Span): void {
  const source = branch.iterator;
  if (typeof source !== "function") return;
  branch.iterator = async function* instrumentationBranch() {
    try {
      yield* { [Symbol.asyncIterator]: () => source.call(branch) };
    } catch (error) {
      recordError(span, error);
    }
  };
}

/**
 * Wraps `stream.tee()` (a client `Stream` observed under `span`, whose attributes are `attributes`) when the span is
 * OpenInference's: its second branch, the one the instrumentation reads, ends quietly on a failure recorded on the span.
 */
export function guardInstrumentationBranch(stream: unknown, span: Span, attributes: Attributes | undefined): void {
  const target = stream as { tee?: Tee };
  const tee = target?.tee;
  if (typeof tee !== "function" || !openInferenceSpan(attributes)) return;
  target.tee = function teeGuarded(this: unknown) {
    const branches = tee.call(this);
    try {
      if (Array.isArray(branches) && branches.length === 2) endQuietly(branches[1] as ClientStream, span);
    } catch (error) {
      noteInternalError(error);
    }
    return branches;
  };
}
