// The documentation site (VitePress; decision record docs/decisions/0046-docs-site-vitepress.md). The site's source
// folder is the repository root, so that the README, MIGRATION.md, CHANGELOG.md and bench/README.md are pages too and
// every relative link works both here and on the repository host. Dead links fail the build: links to pages by
// VitePress's own check, links to other repository files by scripts/site-links.mjs (a file of examples/ is shown on a
// page of docs/examples/, any other file is not served).
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitepress";
import { githubSlug } from "../../scripts/markdown-anchors.mjs";
import { exampleFiles, exampleSlug, repositoryLinks, SITE_EXCLUDE } from "../../scripts/site-links.mjs";

const guide = (text: string, page: string) => ({ text, link: `/docs/guide/${page}` });

/** Every decision record, numbered in order (read at build time, so a new record needs no edit here). */
const decisions = readdirSync(new URL("../decisions", import.meta.url)).filter((f) => f.endsWith(".md")).sort()
  .map((f) => ({ text: f.replace(/\.md$/, "").replace(/^(\d+)-/, "$1 ").replace(/-/g, " "), link: `/docs/decisions/${f.replace(/\.md$/, "")}` }));

/** A page per file of examples/, each showing its source (docs/examples/[example].paths.mts). */
const examples = exampleFiles(fileURLToPath(new URL("../..", import.meta.url)))
  .map((f) => ({ text: f.replace(/^examples\//, ""), link: `/docs/examples/${exampleSlug(f)}` }));

export default defineConfig({
  title: "honeyhive",
  description: "TypeScript SDK for LLM observability and evaluation, on OpenTelemetry",
  srcDir: "..",
  srcExclude: SITE_EXCLUDE,
  outDir: "./.vitepress/dist",
  cacheDir: "./.vitepress/cache",
  cleanUrls: false,
  lastUpdated: false,
  markdown: {
    anchor: { slugify: githubSlug },
    // Pages are shown as written: `{{ var }}` (prompt templates, CI expressions) in inline code or in text is not a Vue
    // interpolation (code blocks are left alone by VitePress already).
    config: (md) => {
      repositoryLinks(md);
      const code = md.renderer.rules.code_inline!;
      md.renderer.rules.code_inline = (tokens, idx, options, env, self) => {
        tokens[idx]!.attrSet("v-pre", "");
        return code(tokens, idx, options, env, self);
      };
      const text = md.renderer.rules.text!;
      md.renderer.rules.text = (tokens, idx, options, env, self) =>
        text(tokens, idx, options, env, self).replace(/\{\{/g, "&#123;&#123;");
    },
  },
  // The site's home is docs/index.md (at /docs/): the root of the built site sends there.
  buildEnd: (site) => {
    writeFileSync(join(site.outDir, "index.html"), '<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=docs/"><title>honeyhive</title><a href="docs/">honeyhive documentation</a>\n');
  },
  vite: { server: { host: "127.0.0.1" }, preview: { host: "127.0.0.1" } },
  themeConfig: {
    nav: [
      { text: "Home", link: "/docs/" },
      { text: "Guide", link: "/docs/guide/tracing" },
      { text: "API reference", link: "/docs/reference/api/" },
      { text: "Changelog", link: "/CHANGELOG" },
    ],
    search: { provider: "local" },
    outline: { level: [2, 3] },
    sidebar: [
      { text: "Start", items: [
        { text: "Quick start and install", link: "/README" },
        { text: "Migrating from 1.x", link: "/MIGRATION" },
      ] },
      { text: "Tracing", items: [
        guide("Tracing", "tracing"),
        guide("How a span finds its session", "sessions"),
        guide("Your own OpenTelemetry setup", "own-otel-setup"),
        guide("Providers and frameworks", "providers"),
        guide("MCP tool servers", "mcp"),
        guide("Distributed tracing", "distributed-tracing"),
        guide("GenAI dialects", "genai-dialects"),
        guide("Images, audio and documents", "attachments"),
        guide("Prompts", "prompts"),
      ] },
      { text: "Evaluation", items: [
        guide("Experiments and honeyhive eval", "experiments"),
        guide("Comparing runs", "comparing-runs"),
        guide("Datasets as code", "datasets"),
        guide("Ready evaluators", "evaluators"),
        guide("Recorded LLM calls", "recorded-calls"),
        guide("Provider Batch APIs", "batch-calls"),
        guide("Evaluating agents", "evaluating-agents"),
        guide("Evals in vitest and jest", "vitest-jest"),
        guide("Feedback and online evaluation", "feedback"),
      ] },
      { text: "Local server", items: [
        guide("Dev server and viewer", "dev-server"),
        guide("Cost", "cost"),
        guide("REST API", "rest-api"),
      ] },
      { text: "Operating", items: [
        guide("Runtimes", "runtimes"),
        guide("Configuration", "configuration"),
        guide("Failure behaviour", "failure-behaviour"),
        guide("honeyhive doctor", "doctor"),
        guide("Performance", "performance"),
      ] },
      { text: "Examples", collapsed: true, items: examples },
      { text: "Reference", items: [
        { text: "API reference", link: "/docs/reference/api/" },
        { text: "Changelog", link: "/CHANGELOG" },
      ] },
      { text: "Contributing", collapsed: true, items: [
        guide("Development", "development"),
        { text: "Architecture", link: "/docs/ARCHITECTURE" },
        { text: "Decisions", collapsed: true, items: decisions },
        { text: "Benchmarks", link: "/bench/README" },
      ] },
    ],
  },
});
