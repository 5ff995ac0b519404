import { context } from "@opentelemetry/api";
import type { Logger } from "../internal/logger";
import { runtime } from "../runtime/platform";

/**
 * Marks a queue prototype whose `add` already binds tasks (`Symbol.for`, so two copies of the SDK bind once).
 */
const BOUND = Symbol.for("honeyhive.queue_add_bound_to_caller_context");

interface QueuePrototype {
  add(fn: unknown, options?: unknown): Promise<unknown>;
  [BOUND]?: true;
}

/** What {@link bindLangChainCallbackQueue} did. */
type QueueBinding = "bound" | "already-bound" | "not-installed" | "unsupported";

/** The `p-queue` class as `@langchain/core` resolves it (its own copy when nested, the hoisted one otherwise). */
function langChainQueueClass(): { prototype?: QueuePrototype } | undefined {
  const mod = runtime.node?.loadModuleOf("@langchain/core/callbacks/manager", "p-queue") as { default?: unknown } | undefined;
  if (mod === undefined || mod === null) return undefined;
  return (typeof mod.default === "function" ? mod.default : mod) as { prototype?: QueuePrototype };
}

/**
 * Makes LangChain's background callbacks run in the OpenTelemetry context of the code that raised them.
 *
 * By default (`LANGCHAIN_CALLBACKS_BACKGROUND` unset) `@langchain/core` hands every callback-handler call to
 * one process-wide `p-queue` with concurrency 1. A task started while the queue is idle runs in its caller's
 * async context, but a task started when the previous one finishes runs in that previous task's context: so
 * under concurrency a tracing handler (OpenInference's `LangChainTracer`) starts its spans in another
 * caller's context — with another HoneyHive tracer active and, for a root run, another trace's parent span.
 *
 * This wraps the queue class's `add` so each task is bound to `context.active()` at the moment it is queued
 * (what `AsyncResource.bind` does for a worker pool). Only the OpenTelemetry context is bound; ordering,
 * concurrency and LangChain's own AsyncLocalStorage are untouched. The class is the `p-queue` copy that
 * `@langchain/core` resolves, so another library sharing that copy gets the same (correct) binding.
 * Idempotent across copies of the SDK; never throws. `queueClass` is the `p-queue` class to bind (default: the one
 * `@langchain/core` resolves from where the SDK is installed).
 */
export function bindLangChainCallbackQueue(logger: Logger, queueClass?: { prototype?: unknown }): QueueBinding {
  try {
    const Queue = (queueClass as { prototype?: QueuePrototype } | undefined) ?? langChainQueueClass();
    if (Queue === undefined) return "not-installed";
    const proto = Queue.prototype;
    if (proto === undefined || typeof proto.add !== "function") {
      logger.debug("LangChain's callback queue has no add(): its background callbacks are not bound to their caller's context");
      return "unsupported";
    }
    if (proto[BOUND] === true) return "already-bound";
    const original = proto.add;
    proto.add = function add(this: unknown, fn: unknown, options?: unknown): Promise<unknown> {
      const task = typeof fn === "function" ? context.bind(context.active(), fn as () => unknown) : fn;
      return original.call(this, task, options);
    };
    Object.defineProperty(proto, BOUND, { value: true });
    return "bound";
  } catch (error) {
    logger.debug(`LangChain's callback queue could not be bound: ${String(error)}`);
    return "unsupported";
  }
}
