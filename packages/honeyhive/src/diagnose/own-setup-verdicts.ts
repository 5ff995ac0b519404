/**
 * What the instrumentation check says of the `instrumentModules` keys the SDK sets up itself (`mcp`, `cohere`, …):
 * each with the spans of its scope, and for `mcp` a build of the MCP SDK the app's calls go through that was not
 * patched (the classes given came from the other build: CommonJS classes in an ES module app, or the reverse).
 */
import type { SetupObservation } from "./observe-setup";
import { unpatchedMcpBuilds } from "./observe-mcp";

/** The fix for an MCP build left unpatched. */
const MCP_BUILD_FIX =
  "Give `instrumentModules.mcp` the classes your app uses, imported the same way: in an ES module app " +
  "`import { Client } from \"@modelcontextprotocol/sdk/client/index.js\"` and `import { Server } from \"@modelcontextprotocol/sdk/server/index.js\"` " +
  "(not `require`), in a CommonJS app `require(...)` of the same paths.";

/** One line per own setup: `mcp (12 spans)`. */
export function ownSetupLines(observation: SetupObservation): string[] {
  return (observation.ownSetups ?? []).map((own) => {
    if (own.scope === undefined) return `${own.key} (the SDK's own setup)`;
    const spans = observation.spansByScope[own.scope]?.started ?? 0;
    return `${own.key} (the SDK's own instrumentation, ${spans} span${spans === 1 ? "" : "s"})`;
  });
}

/** The problem of an own setup that patched classes the app's calls do not reach, if any. */
export function ownSetupProblem(observation: SetupObservation): { summary: string; fix: string } | undefined {
  const missed = unpatchedMcpBuilds(observation.mcpBuilds);
  if (missed.length === 0) return undefined;
  const files = missed.map((b) => `${b.side} of ${b.file}`).join("; ");
  return {
    summary: `instrumentModules.mcp patched one build of @modelcontextprotocol/sdk, but another build is loaded and not patched, so calls through it record nothing: ${files}.`,
    fix: MCP_BUILD_FIX,
  };
}
