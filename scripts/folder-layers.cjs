// The layers of each package's top-level source folders: one table, read by the dependency rules
// (.dependency-cruiser.cjs: a folder imports only from its own layer or layers before it) and by the folder check
// (scripts/check-layers.mjs: every top-level folder is in exactly one layer, and no two folders import each other,
// even within one layer, counting type-only and dynamic imports). A package's files outside any folder (its entry
// points and composition root) are one more layer above every other: no folder imports them.
//
// SDK (packages/honeyhive/src): the foundation (internal … processing) knows no feature; the tracer engine reaches
// features only through the seam (seam/: what a feature supplies — hooks at span start, span end and export, flush,
// diagnostics and activation); the facade (facade/) composes the public HoneyHiveTracer and HoneyHive from the core
// and the features, each feature's code loaded on first use.
//
// Dev server (packages/dev-server/src): the server's core, then the viewer, then the composition root (server.ts,
// request-handler.ts, index.ts, cli.ts, bin.ts and the other files at the root).
//
// Core (packages/core/src): the shared rules, leaf helpers first.

/** @type {{ name: string, root: string, layers: string[][] }[]} */
const PACKAGES = [
  {
    name: "honeyhive",
    root: "packages/honeyhive/src/",
    layers: [
      ["internal", "runtime", "otlp"],
      ["config", "context", "normalize", "seam"],
      ["span"],
      ["transport", "export", "api-client", "processing"],
      ["instrument", "enrichment", "propagation"],
      ["tracer"],
      ["attachments", "prompts", "integrations", "feedback", "agent-trace"],
      ["datasets"],
      ["evaluation"],
      ["online-evaluation", "diagnose", "evaluators", "llm-cache", "llm-batch"],
      ["facade"],
      ["reporting"],
      ["script"],
      ["cli", "runners"],
    ],
  },
  {
    name: "@honeyhive/dev-server",
    root: "packages/dev-server/src/",
    layers: [
      ["http"],
      ["domain", "otlp"],
      ["model", "store"],
      ["query", "ingest", "results"],
      ["routes"],
      ["viewer"],
    ],
  },
  {
    name: "@honeyhive/core",
    root: "packages/core/src/",
    layers: [
      ["fallbacks", "values", "text", "log", "net", "otlp", "process", "links", "runs", "attachments", "sessions", "keys", "stats"],
      ["ids", "cli", "prompts", "verdict", "semconv", "datasets", "agent-trace"],
      ["feedback", "pricing"],
    ],
  },
];

module.exports = { PACKAGES };
