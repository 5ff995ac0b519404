/**
 * The SDK's single piece of process-wide state: one versioned slot on `globalThis`, so two copies of the
 * package (ESM + CJS, or two versions) share it instead of fighting. Each module keeps its own entry.
 */

const SLOT_SYMBOL = Symbol.for("honeyhive.js.sdk.v2");

/** Entries of the global slot, each owned by one module. */
export interface GlobalSlot {
  defaultTracer?: unknown;
  sharedProvider?: unknown;
  instrumentations?: Set<unknown>;
  exitHooks?: unknown;
  contextManagerChecked?: boolean;
}

/** The process-wide slot, created on first use. */
export function getGlobalSlot(): GlobalSlot {
  const holder = globalThis as unknown as Record<symbol, GlobalSlot | undefined>;
  let slot = holder[SLOT_SYMBOL];
  if (!slot) {
    slot = {};
    Object.defineProperty(holder, SLOT_SYMBOL, { value: slot, writable: true, configurable: true, enumerable: false });
  }
  return slot;
}

/** Forgets all process-wide state (tests only: see `resetHoneyHiveGlobals` in `honeyhive/testing`). */
export function clearGlobalSlot(): void {
  const holder = globalThis as unknown as Record<symbol, GlobalSlot | undefined>;
  holder[SLOT_SYMBOL] = {};
}
