/**
 * What `instrumentModules: { vertexAI }` must be given, checked without loading the instrumentation (`vertexai.ts`,
 * imported once a module passes): the `@google-cloud/vertexai` module, whose generative model and chat session classes
 * are patched.
 */
import type { Logger } from "../internal/logger";
import { reportWrongModule } from "./unpatched-modules";
import type { PatchTarget } from "./deferred-patch";

/** Marks a patched prototype (shared by every copy of this SDK, so a prototype is never wrapped twice). */
export const VERTEXAI_PATCHED = Symbol.for("honeyhive.vertexai.patched");

/** The classes and methods patched: [export, plain method, streamed method, a chat session]. */
export const VERTEXAI_TARGETS = [
  ["GenerativeModel", "generateContent", "generateContentStream", false],
  ["GenerativeModelPreview", "generateContent", "generateContentStream", false],
  ["ChatSession", "sendMessage", "sendMessageStream", true],
  ["ChatSessionPreview", "sendMessage", "sendMessageStream", true],
] as const;

/** The module's exports when it is the Vertex AI module (a `VertexAI` class and a `GenerativeModel` class). */
export function vertexAIExports(module: unknown): Record<string, unknown> | undefined {
  const exports = (typeof module === "object" || typeof module === "function") && module !== null ? (module as Record<string, unknown>) : {};
  const model = exports.GenerativeModel as { prototype?: unknown } | undefined;
  return typeof model?.prototype === "object" && typeof exports.VertexAI === "function" ? exports : undefined;
}

/** The methods the instrumentation patches, as `[prototype, name]` pairs (held until it has loaded). */
export function vertexAIPatchTargets(exports: Record<string, unknown>): PatchTarget[] {
  const targets: PatchTarget[] = [];
  for (const [name, plain, stream] of VERTEXAI_TARGETS) {
    const proto = (exports[name] as { prototype?: Record<string | symbol, unknown> } | undefined)?.prototype;
    if (proto && typeof proto[plain] === "function" && typeof proto[stream] === "function") targets.push([proto, plain], [proto, stream]);
  }
  return targets;
}

/** Warns that `module` is not the Vertex AI module (once per process; `diagnose()` names the fix). */
export function warnNotVertexAIModule(module: unknown, logger: Logger): void {
  const record = {
    option: "instrumentModules.vertexAI",
    reason: "the value is not a @google-cloud/vertexai module with VertexAI and GenerativeModel classes (nothing was patched)",
    fix: "Pass the module itself: `import * as vertexAI from \"@google-cloud/vertexai\"` (or its require()) and `instrumentModules: { vertexAI }`; for `@google/genai` use `googleGenAI`.",
  };
  reportWrongModule(record, module, logger);
}
