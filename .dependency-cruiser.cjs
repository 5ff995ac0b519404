// Layering of src/: a module may import only from its own layer or layers to its left.
// internal, semconv, otlp  <-  config, context, normalize  <-  transport, export, api-client, span, processing
//   <-  instrument, enrichment, propagation, integrations  <-  tracer  <-  evaluation  <-  dev-server, viewer  <-  cli
// (span/ holds the span class, ids, stamp cache and end-of-span helpers; cli/ holds the CLI and its helpers.)
// (instrument/enrichment/propagation work against the TracerHandle interface in context/, so the tracer
// class can sit above them and offer their functions as methods.)
const layers = [
  ["internal", "semconv", "otlp"],
  ["config", "context", "normalize"],
  ["transport", "export", "api-client", "span", "processing"],
  ["instrument", "enrichment", "propagation", "integrations"],
  ["tracer"],
  ["evaluation"],
  ["dev-server", "viewer"],
  ["cli"],
];
const rules = [];
layers.forEach((layer, index) => {
  const higher = layers.slice(index + 1).flat();
  if (higher.length === 0) return;
  rules.push({
    name: `layer-${layer.join("-")}`,
    comment: `${layer.join(", ")} must not import from a higher layer (${higher.join(", ")})`,
    severity: "error",
    from: { path: `^src/(${layer.join("|")})/` },
    to: { path: `^src/(${higher.join("|")})/` },
  });
});
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    {
      name: "dev-server-independent",
      comment: "the dev server is a separate program: it must not import the tracer side of the SDK",
      severity: "error",
      from: { path: "^src/(dev-server|viewer)/" },
      to: { path: "^src/(tracer|instrument|enrichment|evaluation|processing|export|context|propagation|integrations)/" },
    },
    {
      name: "tracer-engine-private",
      comment: "the tracer engine is internal to src/tracer/: lower layers use the TracerHandle interface, users the HoneyHiveTracer facade",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/tracer/" },
      to: { path: "^src/tracer/(tracer-core|tracer-resources|session-client)\\.ts$" },
    },
    ...rules,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "src/viewer/client" },
  },
};
