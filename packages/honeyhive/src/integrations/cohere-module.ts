/**
 * What `instrumentModules: { cohere }` must be given, checked without loading the instrumentation (`cohere.ts`, imported
 * once a module passes): a `cohere-ai` module, whose v2 and v1 clients' chat methods are patched where every client's
 * call goes (the generated `__chat` / `__chatStream`, or the public `chat` / `chatStream` of a version without them).
 */
import type { Logger } from "../internal/logger";
import type { PatchTarget } from "./deferred-patch";
import { reportWrongModule } from "./unpatched-modules";

/** Marks a patched method's prototype (shared by every copy of this SDK, so a prototype is never wrapped twice). */
export const COHERE_PATCHED = Symbol.for("honeyhive.cohere.patched");

type Proto = Record<string | symbol, unknown>;

/** The chat methods of one client class: `[generated name, public name, streamed]`. */
export const COHERE_CHAT_METHODS = [["__chat", "chat", false], ["__chatStream", "chatStream", true]] as const;

/** The prototype in `proto`'s chain that owns `name`, if any. */
function ownerOf(proto: object | null, name: string): Proto | undefined {
  for (let p = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    if (Object.prototype.hasOwnProperty.call(p, name)) return p as Proto;
  }
  return undefined;
}

/** The method of `proto`'s chain patched for a chat call: the generated one when the version has it, else the public one. */
function chatMethodName(proto: object, generated: string, publicName: string): string {
  return ownerOf(proto, generated) ? generated : publicName;
}

/**
 * The chat method of `proto`'s chain a call goes through (`[generated name, public name]` of
 * {@link COHERE_CHAT_METHODS}), with the prototype that owns it; undefined when the chain has no such function.
 */
export function chatTarget(proto: object, generated: string, publicName: string): [owner: Proto, name: string] | undefined {
  const name = chatMethodName(proto, generated, publicName);
  const owner = ownerOf(proto, name);
  return owner !== undefined && typeof owner[name] === "function" ? [owner, name] : undefined;
}

/** The module as an object, if it is one. */
export function cohereModuleObject(module: unknown): Record<string, unknown> | undefined {
  return (typeof module === "object" || typeof module === "function") && module !== null ? (module as Record<string, unknown>) : undefined;
}

/** The prototype of the v2 client class (not exported: reached through a client made with a placeholder token, which sends nothing). */
export function v2Prototype(module: Record<string, unknown>): object | undefined {
  const probes: (() => unknown)[] = [
    () => (new (module.CohereClientV2 as new (o: object) => Record<string, unknown>)({ token: "honeyhive-probe" })).clientV2,
    () => (new (module.CohereClient as new (o: object) => Record<string, unknown>)({ token: "honeyhive-probe" })).v2,
  ];
  for (const probe of probes) {
    try {
      const client = probe();
      if (typeof client === "object" && client !== null) return Object.getPrototypeOf(client) as object;
    } catch {
      // not this version's shape: try the next
    }
  }
  return undefined;
}

/** The v1 client class's prototype, if the module has one. */
export function v1Prototype(module: Record<string, unknown>): object | undefined {
  const proto = (module.CohereClient as { prototype?: unknown } | undefined)?.prototype;
  return typeof proto === "object" && proto !== null ? proto : undefined;
}

/** The chat methods the instrumentation patches (held until it has), `[owning prototype, name]`; empty for another value. */
export function cohereChatTargets(module: unknown): PatchTarget[] {
  const m = cohereModuleObject(module);
  if (m === undefined) return [];
  const targets: PatchTarget[] = [];
  for (const proto of [v2Prototype(m), v1Prototype(m)]) {
    if (proto === undefined) continue;
    for (const [generated, publicName] of COHERE_CHAT_METHODS) {
      const target = chatTarget(proto, generated, publicName);
      if (target !== undefined) targets.push(target);
    }
  }
  return targets;
}

/** One warning per process and a `diagnose()` problem for a value that is not a `cohere-ai` module. */
export function reportNotCohere(module: unknown, logger: Logger): void {
  const record = {
    option: "instrumentModules.cohere",
    reason: "the value is not a cohere-ai module with a CohereClientV2 or CohereClient class (nothing was patched)",
    fix: "Pass the module itself: `import * as cohere from \"cohere-ai\"` (or its require()) and `instrumentModules: { cohere }`.",
  };
  reportWrongModule(record, cohereModuleObject(module), logger);
}
