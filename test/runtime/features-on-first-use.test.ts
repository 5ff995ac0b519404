/**
 * Features load on first use (decision record 0058): `import "honeyhive"` and `require("honeyhive")` load no code of
 * prompts, attachments, online evaluation, datasets (and dataset files), feedback, MCP, Bedrock, Cohere, git information or
 * run comparison, and no more of the package than the last
 * release before the features did (commit e4316ae: 17 files and 620 KB for import, 690 KB for require); each feature's
 * code loads, once, when it is used, and works. Run against the built package (dist/), in fresh Node processes.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const DIST = join(ROOT, "packages/honeyhive/dist");
const BUILT = existsSync(join(DIST, "index.cjs"));
const dir = mkdtempSync(join(tmpdir(), "hh-first-use-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The definition that marks each feature's code in the built files (names survive the build's minification). */
const FEATURES: Record<string, string> = {
  prompts: "PromptClient", attachments: "AttachmentStage", onlineEvaluation: "OnlineEvaluator", datasets: "pushDataset",
  feedback: "signClaims", mcp: "instrumentMcp", bedrock: "instrumentBedrockRuntime", runComparison: "compareRunResults",
  cohere: "instrumentCohere", datasetFiles: "parseDatasetText", gitInfo: "sanitizeRemoteUrl",
};

/** Whether `file` defines `name` as a function or a class (`function name(`, `name=class`). */
function defines(file: string, name: string): boolean {
  return new RegExp(`\\bfunction ${name}\\(|\\b${name}\\s*=\\s*class\\b|\\bclass ${name}\\b`).test(readFileSync(file, "latin1"));
}

/** The package's files `import "honeyhive"` or `require("honeyhive")` loads in a fresh process (the A/B gate's child). */
function loadedAt(load: "import" | "require"): { files: number; bytes: number; list: string[] } {
  const out = execFileSync(process.execPath, [join(ROOT, "bench/ab/import-size-child.mjs"), DIST, load, "--list"], { cwd: dir, encoding: "utf8", env: { ...process.env, HH_API_KEY: "", HH_API_URL: "" } });
  return JSON.parse(out) as { files: number; bytes: number; list: string[] };
}

const featuresIn = (files: string[]): string[] => Object.entries(FEATURES).filter(([, name]) => files.some((f) => defines(f, name))).map(([feature]) => feature);

/**
 * Uses every feature once: online evaluation, an attachment, a prompt, a dataset push, a dataset file, a feedback token,
 * MCP, Bedrock, Cohere (a v2 client's generated chat method), git information.
 */
const USE_EVERY_FEATURE = `
  const { InMemorySpanExporter } = await import(${JSON.stringify(pathToFileURL(join(DIST, "testing.js")).href)});
  const exporter = new InMemorySpanExporter();
  let judged = 0;
  class Client { async request(r) { return { content: [] }; } }
  const bedrockSend = async () => ({ output: { message: { content: [{ text: "hi" }] } } });
  class BedrockRuntimeClient { send(command) { return bedrockSend(command); } }
  class ConverseCommand { constructor(input) { this.input = input; } }
  class CohereV2 { async __chat(r) { return { data: { message: { content: [{ type: "text", text: "hi" }] } }, rawResponse: {} }; } async __chatStream(r) { return { data: [], rawResponse: {} }; } }
  class CohereClientV2 { constructor() { this.clientV2 = new CohereV2(); } }
  const tracer = new hh.HoneyHiveTracer({ testMode: true, setAsDefault: false, disableBatch: true, exporter,
    onlineEvaluation: { evaluators: [function judged_ok() { judged++; return 1; }] },
    instrumentModules: { mcp: { Client }, bedrock: { BedrockRuntimeClient, ConverseCommand }, cohere: { CohereClientV2 } } });
  const png = "data:image/png;base64," + Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), Buffer.alloc(200_000, 7)]).toString("base64");
  tracer.trace(() => hh.trace(function look(image) { return "seen"; })(png));
  await tracer.trace(() => new Client().request({ method: "tools/call", params: { name: "t" } }));
  await tracer.trace(() => new BedrockRuntimeClient().send(new ConverseCommand({ modelId: "m", messages: [] })));
  const cohereReply = await tracer.trace(() => new CohereClientV2().clientV2.__chat({ model: "command-r", messages: [] }));
  const datasetFile = await hh.loadDataset("missing.jsonl").then(() => "loaded", (error) => error.name);
  const git = await hh.getGitInfo();
  const prompt = await tracer.getPrompt("greeting", { fallback: "Hello {{name}}" });
  const token = await hh.feedbackToken({ eventId: "0f8c6a1e-8b7e-4c1a-9d2e-3f4a5b6c7d8e" }, { secret: "s" });
  const pushed = await hh.pushDataset({}, "d", []).then(() => "pushed", (error) => error.name);
  const compared = await hh.compareRuns("run-a", "run-b").then(() => "compared", (error) => error.constructor.name);
  await tracer.flush(10000);
  const spans = exporter.getFinishedSpans().map((s) => s.name);
  await tracer.shutdown(10000); // the tracer's sessions end: online evaluation judges them
  const d = tracer.diagnostics();
  console.log(JSON.stringify({ cohere: cohereReply.data.message.content[0].text, datasetFile, git: typeof git.uncommittedChanges, judged, compiled: prompt.compile({ name: "you" }), token: typeof token, pushed, compared, extracted: d.attachments?.extracted, spans }));
`;

describe.skipIf(!BUILT)("features load on first use", () => {
  for (const load of ["import", "require"] as const) {
    it(`${load} "honeyhive" loads no feature's code and no more than the budget (${load === "import" ? "17 files, 620 KB" : "690 KB"})`, () => {
      const loaded = loadedAt(load);
      expect(loaded.files).toBeGreaterThan(0);
      expect(featuresIn(loaded.list)).toEqual([]);
      if (load === "import") expect(loaded.files).toBeLessThanOrEqual(17);
      expect(loaded.bytes).toBeLessThanOrEqual(load === "import" ? 620_000 : 690_000);
    }, 60_000);
  }

  it("each feature's code loads when it is used, and works", () => {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", `
      const { createRequire } = await import("node:module");
      const require = createRequire(${JSON.stringify(`${DIST}/`)});
      const hh = await import(${JSON.stringify(pathToFileURL(join(DIST, "index.js")).href)});
      ${USE_EVERY_FEATURE}
      console.log(JSON.stringify(Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(DIST)}))));`], { cwd: dir, encoding: "utf8", env: { ...process.env, HH_API_KEY: "", HH_API_URL: "" } });
    const [used, files] = out.trim().split("\n").slice(-2).map((line) => JSON.parse(line) as unknown) as [Record<string, unknown>, string[]];
    expect(featuresIn(files).sort()).toEqual(Object.keys(FEATURES).sort());
    expect(used).toMatchObject({ cohere: "hi", datasetFile: "DatasetFileError", git: "boolean", compiled: "Hello you", token: "string", pushed: "TypeError", compared: "MissingApiKeyError", extracted: 1 });
    expect(used.judged).toBeGreaterThan(0); // online evaluation judged the session
    expect(used.spans).toEqual(expect.arrayContaining(["look", "tools/call t", "chat m", "chat command-r"]));
  }, 60_000);
});
