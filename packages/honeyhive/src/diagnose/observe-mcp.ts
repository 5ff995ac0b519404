/**
 * The loaded builds of `@modelcontextprotocol/sdk`'s `Client` and `Server` entry points (`dist/esm/…` and
 * `dist/cjs/…`), each patched by `instrumentModules.mcp` or not (integrations/mcp.ts marks a patched prototype). An ES
 * module app that gives the CommonJS build's classes (or the other way round) patches classes its calls never reach:
 * `diagnose()` sees the build it uses loaded and unpatched.
 */
import { runtime } from "../runtime/platform";

/** One loaded build of one side. */
export interface McpBuild {
  /** The entry file (`…/dist/esm/client/index.js`). */
  file: string;
  side: "Client" | "Server";
  patched: boolean;
}

const ENTRY = /\/node_modules\/@modelcontextprotocol\/sdk\/dist\/(?:esm|cjs)\/(client|server)\/index\.js$/;
/** The mark integrations/mcp.ts sets on a patched prototype. */
const PATCHED = Symbol.for("honeyhive.mcp.patched");

/** The loaded builds (undefined where loaded modules cannot be listed). Never throws. */
export async function observeMcpBuilds(): Promise<McpBuild[] | undefined> {
  const node = runtime.node;
  if (node === undefined) return undefined;
  const builds: McpBuild[] = [];
  try {
    for (const file of node.loadedModuleFiles()) {
      const match = ENTRY.exec(file.replace(/\\/g, "/"));
      if (match === null) continue;
      const side = match[1] === "client" ? "Client" : "Server";
      const exports = (await node.loadedModuleExports(file)) as Record<string, unknown> | undefined;
      const proto = (exports?.[side] as { prototype?: object } | undefined)?.prototype;
      if (typeof proto === "object" && proto !== null) builds.push({ file, side, patched: Object.prototype.hasOwnProperty.call(proto, PATCHED) });
    }
  } catch {
    return builds;
  }
  return builds;
}

/** The builds of a side that `instrumentModules.mcp` patched in another build but not in this one. */
export function unpatchedMcpBuilds(builds: readonly McpBuild[] | undefined): McpBuild[] {
  if (builds === undefined) return [];
  const patchedSides = new Set(builds.filter((b) => b.patched).map((b) => b.side));
  return builds.filter((b) => !b.patched && patchedSides.has(b.side));
}
