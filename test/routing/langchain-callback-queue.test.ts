/**
 * Issue 20, requirement 1 (the cause of LangChain's misrouting): `@langchain/core` runs callback handlers on one
 * p-queue with concurrency 1; a task started when the previous one finishes inherits the previous task's
 * async context. After the SDK binds the queue class, every task runs in the OpenTelemetry context it was
 * queued from, whatever ran before it.
 */
import { context, createContextKey } from "@opentelemetry/api";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { bindLangChainCallbackQueue } from "../../packages/honeyhive/src/integrations/langchain-callback-queue";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { createTestTracer } from "../../packages/honeyhive/src/testing";

const KEY = createContextKey("test.queued_from");

interface Queue {
  add(fn: () => Promise<unknown>): Promise<unknown>;
  onIdle(): Promise<void>;
}

function langChainQueueClass(): new (options: object) => Queue {
  const require = createRequire(import.meta.url);
  const mod = createRequire(require.resolve("@langchain/core/callbacks/manager"))("p-queue") as { default?: unknown };
  return (mod.default ?? mod) as new (options: object) => Queue;
}

describe("LangChain's callback queue", () => {
  it("runs each task in the context it was queued from, also when the queue is busy", async () => {
    createTestTracer(); // the first tracer binds the queue
    const logger = createLogger({ sink: () => undefined });
    expect(bindLangChainCallbackQueue(logger)).toBe("already-bound");
    const Queue = langChainQueueClass();
    const queue = new Queue({ autoStart: true, concurrency: 1 });
    const seen: unknown[] = [];
    const adds = Array.from({ length: 10 }, (_, i) => context.with(context.active().setValue(KEY, i), () => queue.add(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen[i] = context.active().getValue(KEY);
    })));
    await Promise.all(adds);
    await queue.onIdle();
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => i));
  });

});
