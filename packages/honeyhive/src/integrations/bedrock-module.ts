/**
 * What `instrumentModules: { bedrock }` must be given, checked without loading the instrumentation (`bedrock-runtime.ts`,
 * imported once a module passes): the `@aws-sdk/client-bedrock-runtime` module, whose `BedrockRuntimeClient.prototype.send`
 * is patched.
 */
import type { Logger } from "../internal/logger";
import { reportWrongModule } from "./unpatched-modules";

/** Marks a patched prototype (shared by every copy of this SDK, so a prototype is never wrapped twice). */
export const BEDROCK_PATCHED = Symbol.for("honeyhive.bedrock-runtime.patched");

/** The `BedrockRuntimeClient` prototype of a module (ESM namespace or CommonJS exports), if it has a `send` method. */
export function bedrockClientPrototype(module: unknown): Record<string | symbol, unknown> | undefined {
  const Client = (module as { BedrockRuntimeClient?: { prototype?: Record<string | symbol, unknown> } } | null)?.BedrockRuntimeClient;
  const proto = Client?.prototype;
  return proto && typeof proto.send === "function" ? proto : undefined;
}

/** Warns that `module` is not the Bedrock Runtime module (once per process for `diagnose()`, which names the fix). */
export function warnNotBedrockModule(module: unknown, logger: Logger): void {
  const record = {
    option: "instrumentModules.bedrock",
    reason: "the value is not a @aws-sdk/client-bedrock-runtime module with a BedrockRuntimeClient class (nothing was patched)",
    fix: "Pass the module itself: `import * as bedrock from \"@aws-sdk/client-bedrock-runtime\"` (or its require()) and `instrumentModules: { bedrock }`.",
  };
  reportWrongModule(record, module, logger);
}
