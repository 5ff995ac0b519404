/**
 * Genkit's time to first token, for `instrumentModules: { genkit }`. Genkit's own telemetry reports every model call
 * as a span (read by the `genkit` dialect table of the one translation) but records no time to first chunk. A chunk
 * of a streamed call passes, inside the model action's span, to the callback `generate()` was given (`onChunk`), or to
 * the channel `generateStream()` returns (its `send`): the SDK wraps that callback, and shadows the channel's `send`
 * with an own property, so that the first chunk of each model action sets `gen_ai.response.time_to_first_chunk` on
 * the span active there (from the span's start). The chunks and the channel the application reads are unchanged.
 */
import { hrTimeToMilliseconds } from "@opentelemetry/core";
import { type HrTime, type Span, trace } from "@opentelemetry/api";
import { noteInternalError } from "../internal/guard";
import type { Logger } from "../internal/logger";
import { noteUnpatched } from "./unpatched-modules";

const PATCHED = Symbol.for("honeyhive.genkit.patched");
const FIRST_CHUNK = "gen_ai.response.time_to_first_chunk";

type Method = (this: unknown, options: unknown, ...rest: unknown[]) => unknown;

/** The attributes and start of a span as the SDK's spans (and OpenTelemetry's) hold them. */
interface SpanView {
  attributes?: Record<string, unknown>;
  startTime?: [number, number];
}

/** On the first chunk of a Genkit model action: its time to first chunk, on the model action's span. Never throws. */
function markFirstChunk(): void {
  try {
    const span = trace.getActiveSpan() as (Span & SpanView) | undefined;
    const attributes = span?.attributes;
    if (!span || !span.isRecording() || attributes?.["genkit:metadata:subtype"] !== "model" || attributes[FIRST_CHUNK] !== undefined) return;
    const start = span.startTime;
    if (!Array.isArray(start)) return;
    const startMs = hrTimeToMilliseconds(start as HrTime);
    span.setAttribute(FIRST_CHUNK, Math.max(0, Date.now() - startMs) / 1000);
  } catch (error) {
    noteInternalError(error);
  }
}

/** Options with their chunk callback (`onChunk`, or the older `streamingCallback`) timed; other values as they are. */
function timedOptions(options: unknown): unknown {
  if (typeof options !== "object" || options === null || Array.isArray(options) || typeof (options as PromiseLike<unknown>).then === "function") return options;
  const o = options as Record<string, unknown>;
  const key = typeof o.onChunk === "function" ? "onChunk" : typeof o.streamingCallback === "function" ? "streamingCallback" : undefined;
  if (key === undefined) return options;
  const callback = o[key] as (chunk: unknown) => unknown;
  return { ...o, [key]: (chunk: unknown) => (markFirstChunk(), callback(chunk)) };
}

/** Shadows the `send` of the channel `generateStream()` returned, so each chunk sent marks its model action's first chunk. */
function timeChannel(result: unknown): void {
  const channel = (result as { stream?: Record<string, unknown> } | null)?.stream;
  const original = channel?.send;
  if (typeof original !== "function") return;
  Reflect.defineProperty(channel!, "send", {
    configurable: true, enumerable: false, writable: true,
    value: function timedSend(this: unknown, ...args: unknown[]): unknown {
      markFirstChunk();
      return Reflect.apply(original as (...a: unknown[]) => unknown, this, args);
    },
  });
}

function wrapGenerate(original: Method): Method {
  return function generate(this: unknown, options: unknown, ...rest: unknown[]): unknown {
    return Reflect.apply(original, this, [timedOptions(options), ...rest]);
  };
}

function wrapGenerateStream(original: Method): Method {
  return function generateStream(this: unknown, ...args: unknown[]): unknown {
    const result = Reflect.apply(original, this, args) as unknown;
    try {
      timeChannel(result);
    } catch (error) {
      noteInternalError(error);
    }
    return result;
  };
}

/**
 * Patches `generate` and `generateStream` of a `genkit` module's `Genkit` class (found on its prototype chain) once.
 * Returns false when nothing was newly patched; something else than the module is warned about and reported by
 * `diagnose()` with its fix.
 */
export function instrumentGenkit(module: unknown, logger: Logger): boolean {
  const Genkit = (module as { Genkit?: { prototype?: Record<string | symbol, unknown> } } | null)?.Genkit;
  let proto = Genkit?.prototype as Record<string | symbol, unknown> | undefined;
  while (proto && !Object.prototype.hasOwnProperty.call(proto, "generateStream")) proto = Object.getPrototypeOf(proto) as Record<string | symbol, unknown> | undefined;
  if (!proto || typeof proto.generate !== "function" || typeof proto.generateStream !== "function") {
    const record = {
      option: "instrumentModules.genkit",
      reason: "the value is not a genkit module with a Genkit class (nothing was patched)",
      fix: "Pass the module itself: `import * as genkit from \"genkit\"` (or its require()) and `instrumentModules: { genkit }`.",
    };
    if ((typeof module === "object" || typeof module === "function") && module !== null) noteUnpatched(record, module);
    logger.warn(`${record.option}: ${record.reason}. ${record.fix}`);
    return false;
  }
  if (Object.prototype.hasOwnProperty.call(proto, PATCHED)) return false;
  proto.generate = wrapGenerate(proto.generate as Method);
  proto.generateStream = wrapGenerateStream(proto.generateStream as Method);
  Object.defineProperty(proto, PATCHED, { value: true, configurable: true });
  logger.debug("instrumentModules.genkit: patched Genkit's generate and generateStream (time to first chunk)");
  return true;
}
