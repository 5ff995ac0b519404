/**
 * `honeyhive datasets push | pull | diff` and `pull --lock`, the built CLI (`packages/honeyhive/bin`) as a child
 * process against the in-memory dev server behind the spec-checking proxy. Needs `npm run build` (as `npm test` does).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { startFaultProxy } from "../helpers/fault-proxy";
import { HoneyHive } from "../../packages/honeyhive/src/facade/honeyhive";
import { heldRows } from "../datasets/held-rows";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "packages", "honeyhive", "bin", "honeyhive.js");
const checked = useCheckedDevServer();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string, env: Record<string, string> = { HH_API_KEY: "hh_datasets_cli_key" }, serverUrl = checked.proxy.url): Promise<Run> {
  if (!existsSync(join(ROOT, "packages", "honeyhive", "dist", "cli.js"))) throw new Error("packages/honeyhive/dist is missing: run `npm run build` first");
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, "datasets", ...args, "--server-url", serverUrl], { cwd, env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

const rows = (edit = false, drop = false) =>
  Array.from({ length: drop ? 3 : 4 }, (_, i) => ({ qid: `q${i}`, inputs: { question: `q ${i}` }, ground_truth: { answer: edit && i === 1 ? "changed" : `a${i}` } }))
    .map((r) => JSON.stringify(r)).join("\n");

const writes = (from: number) => checked.proxy.requests.slice(from).filter((r) => r.method !== "GET").length;

describe("honeyhive datasets (child process)", () => {
  it("push, push again, diff, pull --lock, edit, diff, push: writes only what changed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hh-datasets-cli-"));
    await writeFile(join(dir, "qa.jsonl"), rows());

    let mark = checked.proxy.requests.length;
    const first = await cli(["push", "qa", "qa.jsonl", "--key", "qid", "--mode", "replace"], dir);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^created dataset "qa" \([0-9a-f-]+\): 4 added, 0 changed, 0 removed, 0 unchanged; version dsv-[0-9a-f]{16}\n$/);
    expect(writes(mark)).toBe(2); // the dataset, then its rows in one batch

    mark = checked.proxy.requests.length;
    const again = await cli(["push", "qa", "qa.jsonl", "--key", "qid", "--mode", "replace"], dir);
    expect(again.stdout).toContain("0 added, 0 changed, 0 removed, 4 unchanged");
    expect(writes(mark)).toBe(0);
    expect(await cli(["diff", "qa", "qa.jsonl", "--key", "qid"], dir)).toMatchObject({ code: 0 });

    const pulled = await cli(["pull", "qa", "pulled.jsonl", "--key", "qid", "--lock"], dir);
    expect(pulled).toMatchObject({ code: 0, stderr: "" });
    const lock = JSON.parse(await readFile(join(dir, "pulled.lock.json"), "utf8")) as { version: string; datapoints: Record<string, string> };
    expect(pulled.stdout).toContain(`version ${lock.version}`);
    expect(first.stdout).toContain(lock.version);
    expect(Object.keys(lock.datapoints).sort()).toEqual(["q0", "q1", "q2", "q3"]);
    const pulledRows = (await readFile(join(dir, "pulled.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l) as unknown);
    expect(pulledRows).toContainEqual({ qid: "q1", inputs: { question: "q 1" }, ground_truth: { answer: "a1" } });

    await writeFile(join(dir, "qa.jsonl"), rows(true, true));
    const diff = await cli(["diff", "qa", "qa.jsonl", "--key", "qid"], dir);
    expect(diff.code).toBe(1);
    expect(diff.stdout.split("\n").slice(0, 2)).toEqual(["~ q1", "- q3"]);
    expect(diff.stdout).toContain("0 added, 1 changed, 1 removed");

    mark = checked.proxy.requests.length;
    const second = await cli(["push", "qa", "qa.jsonl", "--key", "qid", "--mode", "replace"], dir);
    expect(second.stdout).toContain("0 added, 1 changed, 1 removed, 2 unchanged");
    expect(writes(mark)).toBe(2);
    expect(second.stdout).not.toContain(lock.version);
    expect(checked.proxy.violations()).toEqual([]);
  }, 60_000);

  it("a push whose writes fail exits 1 with what the server acknowledged, each failed row and no version; pushing again finishes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hh-datasets-cli-"));
    await writeFile(join(dir, "qa.jsonl"), rows());
    const faults = await startFaultProxy(checked.proxy.url, (r) => (r.method === "POST" && r.path.endsWith("/datapoints") ? { kind: "refuse", status: 400, body: '{"error":"row refused"}' } : undefined));
    try {
      const failed = await cli(["push", "qa-faults", "qa.jsonl", "--key", "qid"], dir, undefined, faults.url);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toBe("");
      const lines = failed.stderr.trim().split("\n");
      expect(lines[0]).toMatch(/^honeyhive datasets: push of "qa-faults" \([0-9a-f-]+\) did not finish: 0 added, 0 changed, 0 removed \(acknowledged by the server\), 4 write\(s\) failed$/);
      expect(lines.slice(1, 5)).toEqual(["q0", "q1", "q2", "q3"].map((q) => expect.stringMatching(new RegExp(`^  add "${q}": .*HTTP 400.*row refused`))));
      expect(failed.stderr).not.toContain("version");
      const truth = new HoneyHive({ apiKey: "hh_datasets_cli_key", serverUrl: checked.server.url });
      expect((await heldRows(truth, "qa-faults")).count).toBe(0);
      const again = await cli(["push", "qa-faults", "qa.jsonl", "--key", "qid"], dir);
      expect(again).toMatchObject({ code: 0, stderr: "" });
      expect(again.stdout).toContain("updated dataset \"qa-faults\"");
      expect(again.stdout).toContain(`4 added, 0 changed, 0 removed, 0 unchanged; version ${(await heldRows(truth, "qa-faults")).version}`);
    } finally {
      await faults.close();
    }
  }, 60_000);

  it("diff exits 0 only when the contents are equal: a row held twice differs, and push removes the extra copy", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hh-datasets-cli-"));
    await writeFile(join(dir, "qa.jsonl"), rows());
    expect((await cli(["push", "qa-copies", "qa.jsonl", "--key", "qid"], dir)).code).toBe(0);
    const truth = new HoneyHive({ apiKey: "hh_datasets_cli_key", serverUrl: checked.server.url });
    const datasetId = (await heldRows(truth, "qa-copies")).datasetIds[0]!;
    await truth.datapoints.createDatapoint({ inputs: { question: "q 0" }, ground_truth: { answer: "a0" }, metadata: { external_id: "q0" }, linked_datasets: [datasetId] });
    const diff = await cli(["diff", "qa-copies", "qa.jsonl", "--key", "qid"], dir);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain("! q0 (an extra copy)");
    expect(diff.stdout).toContain("0 added, 0 changed, 0 removed, 1 extra copies");
    const pulled = await cli(["pull", "qa-copies", "pulled.jsonl", "--key", "qid"], dir);
    expect(pulled.code).toBe(0);
    expect(pulled.stderr).toContain("holds 1 extra copies of rows (q0)");
    expect((await readFile(join(dir, "pulled.jsonl"), "utf8")).trim().split("\n")).toHaveLength(4);
    const pushed = await cli(["push", "qa-copies", "qa.jsonl", "--key", "qid"], dir);
    expect(pushed.stdout).toContain("0 added, 0 changed, 0 removed, 1 extra copy removed, 4 unchanged");
    expect((await heldRows(truth, "qa-copies")).duplicates).toEqual([]);
    const equal = await cli(["diff", "qa-copies", "qa.jsonl", "--key", "qid"], dir);
    expect(equal.code).toBe(0);
    expect(equal.stdout).toContain("(equal)");
    expect(checked.proxy.violations()).toEqual([]);
  }, 60_000);

  it("usage errors exit 2 and a missing key is said without printing anything secret", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hh-datasets-cli-"));
    const bad = await cli(["push", "qa", "qa.jsonl", "--mode", "merge"], dir);
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.stderr).toContain("--mode must be upsert or replace");
    const noKey = await cli(["pull", "qa", "out.jsonl"], dir, {});
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("HH_API_KEY is not set");
    const missing = await cli(["pull", "nope", "out.jsonl"], dir);
    expect(missing).toMatchObject({ code: 2 }); // a dataset name the server does not hold is an input error
    expect(missing.stderr).toContain('there is no dataset named "nope"');
  }, 60_000);

  it("input errors exit 2 like usage errors, each said on stderr, and nothing is written: a missing file, invalid JSON, an invalid row, an unknown flag", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hh-datasets-cli-"));
    await writeFile(join(dir, "broken.json"), '[{"inputs": {}}, ');
    await writeFile(join(dir, "no-inputs.jsonl"), '{"inputs": {"q": 1}}\n{"question": "q"}\n');
    await writeFile(join(dir, "qa.jsonl"), rows());
    const mark = checked.proxy.requests.length;
    const cases: Array<[string[], RegExp]> = [
      [["push", "qa-input", "absent.jsonl"], /^honeyhive datasets: absent\.jsonl.*cannot read the file/],
      [["diff", "qa-input", "absent.jsonl"], /^honeyhive datasets: absent\.jsonl.*cannot read the file/],
      [["push", "qa-input", "broken.json"], /^honeyhive datasets: broken\.json.*invalid JSON/],
      [["push", "qa-input", "no-inputs.jsonl"], /^honeyhive datasets: no-inputs\.jsonl:2: .*"inputs"/],
      [["push", "qa-input", "qa.jsonl", "--bogus"], /^honeyhive datasets: unknown option --bogus/],
    ];
    for (const [args, said] of cases) {
      const run = await cli(args, dir);
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 2, stdout: "" });
      expect(run.stderr).toMatch(said);
    }
    expect(writes(mark)).toBe(0);
  }, 60_000);
});
