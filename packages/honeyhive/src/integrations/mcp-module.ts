/**
 * What `instrumentModules: { mcp }` must be given, checked without loading the instrumentation (`mcp.ts`, imported
 * once a value passes): the `Client` and/or `Server` classes of `@modelcontextprotocol/sdk`, whose `request` and
 * `_onrequest` methods are patched.
 */
import type { Logger } from "../internal/logger";

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

/** Warns that neither class could be patched. */
export function warnNoMcpClasses(logger: Logger): void {
  logger.warn("instrumentModules.mcp: give the classes of @modelcontextprotocol/sdk: { Client, Server } (from \"@modelcontextprotocol/sdk/client/index.js\" and \"@modelcontextprotocol/sdk/server/index.js\"); none could be patched");
}
