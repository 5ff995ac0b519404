/**
 * What `instrumentModules: { mistral }` must be given, checked without loading the instrumentation (`mistral.ts`,
 * imported once a module passes): the `@mistralai/mistralai` module, whose `Chat` class's `complete` and `stream` are
 * patched.
 */
import type { Logger } from "../internal/logger";
import { reportWrongModule } from "./unpatched-modules";

/** Marks a patched `Chat` prototype (shared by every copy of this SDK, so a prototype is never wrapped twice). */
export const MISTRAL_PATCHED = Symbol.for("honeyhive.mistral.patched");

/** The `Chat` prototype of a module's `Mistral` client class, if it has `complete` and `stream`. */
export function mistralChatPrototype(module: unknown): Record<string | symbol, unknown> | undefined {
  const Mistral = (module as { Mistral?: unknown } | null)?.Mistral;
  if (typeof Mistral !== "function") return undefined;
  try {
    const chat = (new (Mistral as new (o: object) => { chat?: unknown })({ apiKey: "honeyhive-probe" })).chat;
    const proto = typeof chat === "object" && chat !== null ? (Object.getPrototypeOf(chat) as Record<string | symbol, unknown>) : undefined;
    return proto && typeof proto.complete === "function" && typeof proto.stream === "function" ? proto : undefined;
  } catch {
    return undefined;
  }
}

/** Warns that `module` is not the Mistral module (once per process; `diagnose()` names the fix). */
export function warnNotMistralModule(module: unknown, logger: Logger): void {
  const record = {
    option: "instrumentModules.mistral",
    reason: "the value is not a @mistralai/mistralai module with a Mistral client class (nothing was patched)",
    fix: "Pass the module itself: `import * as mistral from \"@mistralai/mistralai\"` and `instrumentModules: { mistral }`.",
  };
  reportWrongModule(record, module, logger);
}
