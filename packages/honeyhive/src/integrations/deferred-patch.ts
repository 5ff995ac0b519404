/**
 * An instrumentation whose code loads after the tracer is made (`own-setups.ts`: Bedrock, MCP): until it has patched
 * its methods, each is held by a gate, so no call goes untraced. A call made meanwhile waits for the setup (in the
 * caller's OpenTelemetry context) and then goes through the patched method; once the setup ran, the gate passes every
 * call straight to the original. Only methods whose callers take a promise (or nothing) back are gated.
 */
import { context } from "@opentelemetry/api";
import { noteInternalError } from "../internal/guard";

/** A method to hold: `[prototype, method name]`. */
export type PatchTarget = readonly [Record<string | symbol, unknown>, string];

/** The methods gated so far, by prototype (a second tracer's setup does not gate them again). */
const gated = new WeakMap<object, Set<string>>();

type Method = (this: unknown, ...args: unknown[]) => unknown;

function gate(proto: Record<string | symbol, unknown>, name: string, original: Method, ready: Promise<void>, done: () => boolean): void {
  const held = function (this: unknown, ...args: unknown[]): unknown {
    if (done()) return Reflect.apply(original, this, args);
    const active = context.active();
    return ready.then(() => context.with(active, () => {
      const now = proto[name] as Method;
      return Reflect.apply(now === held ? original : now, this, args); // the patched method (which calls this gate, now open)
    }));
  };
  proto[name] = held;
}

/**
 * Holds `targets` until `setup` (which loads the instrumentation and patches them) settles; returns the setup's promise,
 * which never rejects. A target already patched or gated is left as it is.
 */
export function patchWhenLoaded(targets: readonly PatchTarget[], patched: symbol, setup: () => Promise<void>): Promise<void> {
  let settled = false;
  const ready = setup().catch(noteInternalError).finally(() => void (settled = true));
  for (const [proto, name] of targets) {
    const original = proto[name];
    const names = gated.get(proto) ?? new Set<string>();
    if (typeof original !== "function" || names.has(name) || Object.prototype.hasOwnProperty.call(proto, patched)) continue;
    gated.set(proto, names.add(name));
    gate(proto, name, original as Method, ready, () => settled);
  }
  return ready;
}
