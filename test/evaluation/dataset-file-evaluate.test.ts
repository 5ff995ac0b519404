import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { DatasetFileError } from "../../packages/honeyhive/src/datasets/dataset-file-error";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { startLoopbackServer, type LoopbackServer } from "../api-client/loopback-server";
import { createFakeBackend } from "./fake-backend";
import { SKIP_PYTHON_ORACLE, pythonFileIds } from "./python-ext-oracle";

/**
 * evaluate() and `honeyhive eval` given a dataset file: ids as CPython computes them for that file, and a
 * file that fails to load stops everything before any datapoint runs or any request is sent.
 */
const ROOT = resolve(__dirname, "../..");
const TSX_LOADER = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
const KEY = "hh_dataset_file_key_123456";
const FILE = '{"inputs": {"x": 1.0}, "ground_truth": 1e16}\n{"inputs": {"x": -0.0}}\n{"inputs": {"x": 12345678901234567890}, "id": 2.50}\n';
let dir: string;
let backendServer: LoopbackServer;
let devServer: DevServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hh-dataset-file-"));
  backendServer = await startLoopbackServer(createFakeBackend().handler);
  devServer = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
});
afterAll(async () => {
  await backendServer.close();
  await devServer.close();
});

describe("evaluate() with a dataset file", () => {
  it.skipIf(SKIP_PYTHON_ORACLE)("accepts a path; its ids are CPython's for the same file", async () => {
    const path = join(dir, "data.jsonl");
    await writeFile(path, FILE);
    const [expected] = pythonFileIds([{ path, format: "jsonl" }]);
    const result = await evaluate({ name: "file", apiKey: KEY, serverUrl: backendServer.url, dataset: path, function: (inputs) => inputs.x });
    expect(result.datasetId).toBe(expected!.datasetId);
    expect(result.datapoints.map((d) => d.datapointId)).toEqual(expected!.datapointIds);
    expect(result.datapoints[2]!.datapointId).toBe("EXT-2.5");
  });

  it("a file that fails to load: a DatasetFileError naming file and line, no datapoint runs, nothing is sent", async () => {
    const path = join(dir, "broken.jsonl");
    await writeFile(path, '{"inputs": {"x": 1}}\n{"inputs": {"x": 2}}\n["not", "an", "object"]\n');
    const before = backendServer.requests.length;
    let calls = 0;
    const error = await evaluate({ name: "broken", apiKey: KEY, serverUrl: backendServer.url, dataset: path, function: () => (calls += 1) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetFileError);
    expect((error as Error).message).toBe(`${path}:3: the line is not a JSON object (expected { "inputs": { … } })`);
    expect(calls).toBe(0);
    expect(backendServer.requests.length).toBe(before);
  });
});

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[]): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", TSX_LOADER, join(ROOT, "packages/honeyhive/src/cli/main.ts"), "eval", ...args], {
      cwd: dir,
      env: { ...process.env, HH_API_URL: devServer.url, HH_API_KEY: "local", CI: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

describe("honeyhive eval with a dataset file", () => {
  it.skipIf(SKIP_PYTHON_ORACLE)("reads the file losslessly: the uploaded run's datapoint ids are CPython's", async () => {
    const path = join(dir, "cli-data.json");
    await writeFile(path, `[${FILE.trim().split("\n").join(",\n")}]\n`);
    const [expected] = pythonFileIds([{ path, format: "json" }]);
    await writeFile(join(dir, "file.eval.mjs"), `export default { name: "from-file", dataset: ${JSON.stringify(path)}, function: (inputs) => inputs.x };\n`);
    const run = await cli(["file.eval.mjs", "--json", "file.json"]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(dir, "file.json"), "utf8"));
    expect(report.experiments[0].datasetId).toBe(expected!.datasetId);
    expect(report.experiments[0].datapoints.map((d: { datapointId: string }) => d.datapointId)).toEqual(expected!.datapointIds);
  }, 60_000);

  it("reports a broken dataset file with its line and uploads nothing (exit 2)", async () => {
    const path = join(dir, "cli-broken.json");
    await writeFile(path, '[\n  {"inputs": {}},\n  {"inputs": {}, "id": [1]}\n]\n');
    await writeFile(join(dir, "broken-file.eval.mjs"), `export default { name: "broken-file", dataset: ${JSON.stringify(path)}, function: () => 1 };\n`);
    const run = await cli(["broken-file.eval.mjs"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${path}:3: datapoint 1: a custom id ("id" or "datapoint_id") must be a string or a number, got an array`);
    expect(run.stdout).not.toContain('Experiment "broken-file"');
    const runs = (await fetch(`${devServer.url}/v1/runs?limit=100`, { headers: { authorization: "Bearer local" } }).then((r) => r.json())) as { evaluations: { name: string }[] };
    expect(runs.evaluations.map((r: { name: string }) => r.name)).not.toContain("broken-file");
  }, 60_000);
});
