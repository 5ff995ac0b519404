/**
 * What `import "honeyhive"` loads (decision record 0041): the built ES module entry, in a fresh Node process whose
 * module loader reports every module it loads. The evaluation run engine and diagnose()'s checks are imported on the
 * first call of evaluate() and diagnose(), lossless-json is bundled, and every file loaded is ASCII (Node decodes a
 * file with one non-ASCII character into a two-byte string, which compiles more slowly).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const DIST = join(ROOT, "packages/honeyhive/dist");
const BUILT = existsSync(join(DIST, "index.js"));
const dir = mkdtempSync(join(tmpdir(), "hh-module-graph-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loader hooks that append each loaded module's URL to the file named by HH_TEST_LOADED_LOG. */
const HOOKS = `import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
  appendFileSync(process.env.HH_TEST_LOADED_LOG, url + "\\n");
  return next(url, context);
}`;

interface Loaded { atImport: string[]; afterCalls: string[]; evaluated: unknown; diagnosed: unknown }

function runScript(): Loaded {
  writeFileSync(join(dir, "hooks.mjs"), HOOKS);
  writeFileSync(join(dir, "register.mjs"), `import { register } from "node:module"; register(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});`);
  const log = join(dir, "loaded.log");
  writeFileSync(log, "");
  // ES modules through the loader hooks, CommonJS files (the build's shared code) through the require cache
  const script = `
    import { readFileSync } from "node:fs";
    import { createRequire } from "node:module";
    import { pathToFileURL } from "node:url";
    const loaded = () => [...new Set([...readFileSync(process.env.HH_TEST_LOADED_LOG, "utf8").split("\\n").filter(Boolean),
      ...Object.keys(createRequire(import.meta.url).cache).map((file) => pathToFileURL(file).href)])];
    const hh = await import(${JSON.stringify(pathToFileURL(join(DIST, "index.js")).href)});
    const atImport = loaded();
    const result = await hh.evaluate({ name: "graph", offline: true, function: (inputs) => inputs.n * 2, dataset: [{ inputs: { n: 2 } }], evaluators: [function doubled(out) { return out === 4; }] });
    const diagnosis = await hh.diagnose({ backend: false });
    const afterCalls = loaded();
    console.log(JSON.stringify({ atImport, afterCalls, evaluated: result.metrics?.doubled ?? result.datapoints?.map((d) => d.metrics), diagnosed: diagnosis.checks.length }));`;
  const out = execFileSync(process.execPath, ["--import", pathToFileURL(join(dir, "register.mjs")).href, "--input-type=module", "-e", script], {
    cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, HH_API_KEY: "", HH_API_URL: "", HH_TEST_LOADED_LOG: log },
  });
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as Loaded;
}

const defines = (url: string, text: string): boolean => url.startsWith("file:") && readFileSync(fileURLToPath(url), "latin1").includes(text);

describe.skipIf(!BUILT)("the module graph of import \"honeyhive\"", () => {
  it("loads neither the run engine, diagnose()'s checks nor lossless-json's own modules until they are used; each file is ASCII", () => {
    const { atImport, afterCalls, evaluated, diagnosed } = runScript();
    const engine = (urls: string[]) => urls.filter((url) => defines(url, "function runEvaluation("));
    const checks = (urls: string[]) => urls.filter((url) => defines(url, "function runDiagnosis("));
    expect(engine(atImport)).toEqual([]);
    expect(checks(atImport)).toEqual([]);
    expect(atImport.filter((url) => url.includes("/node_modules/lossless-json/"))).toEqual([]);
    expect(atImport.filter((url) => url.includes("/packages/honeyhive/dist/")).filter((url) => /[^\t-\x7e]/.test(readFileSync(fileURLToPath(url), "latin1")))).toEqual([]);
    // Used, they load, once, and work.
    expect(engine(afterCalls)).toHaveLength(1);
    expect(checks(afterCalls)).toHaveLength(1);
    expect(evaluated).toBeTruthy();
    expect(diagnosed).toBeGreaterThan(3);
  }, 60_000);
});
