/**
 * What `instrumentModules: { mcp }` must be given, checked without loading the instrumentation (`mcp.ts`, imported
 * once a value passes): the `Client` and/or `Server` classes of `@modelcontextprotocol/sdk`, whose `request` and
 * `_onrequest` methods are patched.
 */
import type { Logger } from "../internal/logger";
import { firstTimeInProcess } from "../internal/process-state";
import { noteUnpatched, unpatchedWarning } from "./unpatched-modules";

/** The instrumentation scope of the MCP spans. */
export const MCP_SCOPE = "honeyhive.mcp";

/** Marks a patched prototype (shared by every copy of this package, so a prototype is never wrapped twice). */
export const MCP_PATCHED = Symbol.for("honeyhive.mcp.patched");

/** A class prototype, as patched. */
export type McpPrototype = Record<string | symbol, unknown>;

/** The prototype of `value[key]` (`Client` or `Server`), if it is a class. */
export function mcpPrototype(value: unknown, key: "Client" | "Server"): McpPrototype | undefined {
  const cls = (value as Record<string, unknown> | null)?.[key];
  return typeof cls === "function" ? (cls as { prototype?: McpPrototype }).prototype : undefined;
}

/** The methods patched: `Client.prototype.request` and `Server.prototype._onrequest`, those that exist. */
export function mcpPatchTargets(modules: unknown): [McpPrototype, string][] {
  const targets: [McpPrototype | undefined, string][] = [[mcpPrototype(modules, "Client"), "request"], [mcpPrototype(modules, "Server"), "_onrequest"]];
  return targets.filter((t): t is [McpPrototype, string] => t[0] !== undefined && typeof t[0][t[1]] === "function");
}

const MCP_FIX = "Give the classes of @modelcontextprotocol/sdk: `instrumentModules: { mcp: { Client, Server } }`, `Client` from " +
  "\"@modelcontextprotocol/sdk/client/index.js\" and `Server` from \"@modelcontextprotocol/sdk/server/index.js\" (an `McpServer` runs on a " +
  "`Server`, so it is covered), imported the way your app imports them (an ES module app patches the ES module build).";

/** Whether `value` is the SDK's high-level `McpServer` class (it has `registerTool` and no `_onrequest`). */
function isMcpServerClass(value: unknown): boolean {
  const proto = (value as { prototype?: McpPrototype } | null | undefined)?.prototype;
  return typeof value === "function" && typeof proto?.registerTool === "function" && typeof proto._onrequest !== "function";
}

/** Why the `Server` side of `modules` cannot be patched, when something was given for it; else undefined. */
export function mcpServerProblem(modules: unknown): string | undefined {
  const given = (typeof modules === "object" || typeof modules === "function") && modules !== null ? (modules as Record<string, unknown>) : undefined;
  if (isMcpServerClass(given?.Server) || isMcpServerClass(given?.McpServer)) return "`McpServer` was given, which is not the `Server` class its requests run through (nothing was patched for the server side)";
  if (given?.Server !== undefined && mcpPrototype(given, "Server")?._onrequest === undefined) return "the value given as `Server` is not the SDK's `Server` class (nothing was patched for the server side)";
  return undefined;
}

/** Records for `diagnose()`, and warns once per process (evaluate() sets up every datapoint's tracer), what in `modules` cannot be patched. */
export function reportMcpUnpatched(modules: unknown, reason: string, logger: Logger): void {
  const record = { option: "instrumentModules.mcp", reason, fix: MCP_FIX };
  if ((typeof modules === "object" || typeof modules === "function") && modules !== null) noteUnpatched(record, modules);
  if (firstTimeInProcess(`instrumentModules.mcp:${reason}`)) logger.warn(unpatchedWarning(record));
}

/** Warns (once per process) and records for `diagnose()` that neither class of `modules` could be patched. */
export function warnNoMcpClasses(modules: unknown, logger: Logger): void {
  reportMcpUnpatched(modules, mcpServerProblem(modules) ?? "the value holds neither the SDK's `Client` nor its `Server` class (nothing was patched)", logger);
}
