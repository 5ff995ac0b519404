/**
 * Realtime (voice) sessions of the OpenAI Agents SDK, which the SDK does not record. Every `@openai/agents` app
 * loads `@openai/agents-realtime` (the agents module re-exports it as `realtime`), so its being loaded says nothing;
 * what says the app uses it is a `RealtimeSession` connecting. When the SDK is handed the Agents SDK's module (the
 * documented setup: `manuallyInstrument(agents)` on OpenInference's agents instrumentation, given to HoneyHive), it
 * loads this module (not before: `import "honeyhive"` stays small) and observes `RealtimeSession.prototype.connect`: a pass-through that counts the call and returns what the original
 * returns, same `this`, same arguments, same name and length. `diagnose()`'s `untraced` check names the realtime
 * agents once a session connected. Process-wide.
 */
import { sharedState } from "../internal/process-state";

const OBSERVED = Symbol.for("honeyhive.realtimeSessionConnect");

interface RealtimeSeen {
  /** `RealtimeSession.prototype.connect` observed on at least one copy. */
  observing: boolean;
  /** Sessions that called `connect()`. */
  connects: number;
}

function seen(): RealtimeSeen {
  const slot = sharedState();
  slot.realtimeSessions ??= { observing: false, connects: 0 } satisfies RealtimeSeen;
  return slot.realtimeSessions as RealtimeSeen;
}

function own(value: unknown, key: string): unknown {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return undefined;
  try {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    return descriptor !== undefined && "value" in descriptor ? descriptor.value : (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** The `RealtimeSession` class of a module: `@openai/agents` (its `realtime` namespace), `@openai/agents/realtime` or `@openai/agents-realtime`. */
function realtimeSessionClass(module: unknown): unknown {
  for (const holder of [module, own(module, "realtime"), own(module, "default"), own(own(module, "default"), "realtime")]) {
    const found = own(holder, "RealtimeSession");
    if (typeof found === "function") return found;
  }
  return undefined;
}

/** Observes the `connect()` of `module`'s `RealtimeSession`, once per copy; does nothing for any other module. Never throws. */
export function observeRealtimeSessions(module: unknown): void {
  try {
    const prototype = own(realtimeSessionClass(module), "prototype") as Record<PropertyKey, unknown> | undefined;
    const original = own(prototype, "connect");
    if (prototype === undefined || typeof original !== "function" || (original as { [OBSERVED]?: true })[OBSERVED]) return;
    const state = seen();
    const connect = function (this: unknown, ...args: unknown[]): unknown {
      state.connects++;
      return Reflect.apply(original, this, args) as unknown;
    };
    Object.defineProperty(connect, "name", { value: original.name, configurable: true });
    Object.defineProperty(connect, "length", { value: original.length, configurable: true });
    Object.defineProperty(connect, OBSERVED, { value: true });
    const descriptor = Object.getOwnPropertyDescriptor(prototype, "connect");
    Object.defineProperty(prototype, "connect", { configurable: true, enumerable: descriptor?.enumerable ?? false, writable: true, value: connect });
    state.observing = true;
  } catch {
    // a frozen class keeps its method: its sessions are not seen
  }
}

/** What the SDK saw of realtime sessions: whether it observes them at all, and how many connected. */
export function realtimeSessionsSeen(): { observing: boolean; connects: number } {
  const { observing, connects } = seen();
  return { observing, connects };
}
