/**
 * The real oracle for EXT ids of dataset files: CPython itself reads the files (`json.load` for JSON arrays,
 * `json.loads` per non-blank line for JSON Lines) and computes the Python SDK's ids: the dataset's
 * `EXT-` + sha256(`json.dumps(list, sort_keys=True)`)[:16], each datapoint's
 * `EXT-` + sha256(`json.dumps(dp, sort_keys=True)` + `str(index)`)[:16], or `EXT-` + `str(id or datapoint_id)`.
 */
import { spawnSync } from "node:child_process";

const SCRIPT = `
import hashlib, json, sys
def h(s): return "EXT-" + hashlib.sha256(s.encode()).hexdigest()[:16]
out = []
for path, fmt in json.load(sys.stdin):
    with open(path, encoding="utf-8") as f:
        if fmt == "jsonl":
            items = [json.loads(line) for line in f if line.strip()]
        else:
            items = json.load(f)
    ids = []
    for i, dp in enumerate(items):
        custom = dp.get("id") or dp.get("datapoint_id")
        ids.append("EXT-" + str(custom) if custom else h(json.dumps(dp, sort_keys=True) + str(i)))
    out.append({"datasetId": h(json.dumps(items, sort_keys=True)), "datapointIds": ids})
json.dump(out, sys.stdout)
`;

/** True when `python3` runs here; see test/helpers/python3.ts for when its tests may be skipped. */
export { HAS_PYTHON, SKIP_PYTHON_ORACLE } from "../helpers/python3";

/** The ids CPython computes for each file. */
export function pythonFileIds(files: readonly { path: string; format: "json" | "jsonl" }[]): { datasetId: string; datapointIds: string[] }[] {
  const run = spawnSync("python3", ["-c", SCRIPT], { input: JSON.stringify(files.map((f) => [f.path, f.format])), encoding: "utf8", maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { datasetId: string; datapointIds: string[] }[];
}

/** CPython's `json.dumps(json.loads(text), sort_keys=True)`. */
export function pythonDumps(text: string): string {
  const run = spawnSync("python3", ["-c", "import json,sys; sys.stdout.write(json.dumps(json.loads(sys.stdin.read()), sort_keys=True))"], { input: text, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return run.stdout;
}
