/**
 * The fix `diagnose()` offers for an instrumentation that never patched its loaded library: the module of that very
 * instrumentation, passed by hand (which works in ESM and bundles). Provider packages go to `instrumentModules` (it
 * patches every installed copy); frameworks to the instrumentation's own `manuallyInstrument`, with the module it
 * expects (LangChain's callback manager, the Agents SDK's namespace); any other to `manuallyInstrument`, with the
 * package it declares. The integration tables of docs/guide/providers.md show the same set-ups.
 */

/** The fix of a provider package: its module given to `instrumentModules`. */
const PROVIDER_FIXES: Readonly<Record<string, string>> = {
  openai:
    '`import OpenAI from "openai"`, then `new HoneyHiveTracer({ instrumentModules: { openAI: OpenAI } })` ' +
    "(or `manuallyInstrument(OpenAI)` on your OpenAI instrumentation)",
  "@anthropic-ai/sdk":
    '`import Anthropic from "@anthropic-ai/sdk"`, then `new HoneyHiveTracer({ instrumentModules: { anthropic: Anthropic } })` ' +
    "(or `manuallyInstrument(Anthropic)` on your Anthropic instrumentation)",
};

/** The fix of a framework's instrumentation (by its package): the module it expects, given to its `manuallyInstrument`. */
const FRAMEWORK_FIXES: Readonly<Record<string, string>> = {
  "@arizeai/openinference-instrumentation-langchain":
    '`import * as CallbackManagerModule from "@langchain/core/callbacks/manager"`, then `lc.manuallyInstrument(CallbackManagerModule)` ' +
    "where `lc` is your `LangChainInstrumentation`",
  "@arizeai/openinference-instrumentation-openai-agents":
    '`import * as agents from "@openai/agents"`, then `oia.manuallyInstrument(agents)` where `oia` is your `OpenAIAgentsInstrumentation`',
};

/** What the fix needs to know of one instrumentation left unpatched. */
export interface UnpatchedInstrumentation {
  /** Its scope name (for the known ones, its package's name). */
  name: string;
  /** The loaded packages it declares and never patched. */
  packages: readonly string[];
}

/** The fix of one instrumentation: the import and the call. */
export function moduleFixOf(unpatched: UnpatchedInstrumentation): string {
  const known = FRAMEWORK_FIXES[unpatched.name] ?? unpatched.packages.map((p) => PROVIDER_FIXES[p]).find((f) => f !== undefined);
  if (known) return known;
  return `import ${unpatched.packages.map((p) => `\`${p}\``).join(" and ")} and pass it to \`manuallyInstrument(module)\` of your ${unpatched.name}`;
}

/** The whole fix for the instrumentations that never patched their loaded library, each named by its own module. */
export function loadedFix(unpatched: readonly UnpatchedInstrumentation[]): string {
  return (
    `Pass the module to the instrumentation yourself once the tracer is created (works in ESM and bundles): ${unpatched.map(moduleFixOf).join("; ")}. ` +
    "Or create the tracer with its instrumentations in a file loaded first: `node --import ./instrumentation.mjs app.mjs` " +
    "(with the `@opentelemetry/instrumentation/hook.mjs` loader registered for ESM)."
  );
}
