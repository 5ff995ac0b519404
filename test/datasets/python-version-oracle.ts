/**
 * The real oracle for dataset content versions: CPython reads the dataset file and computes the documented
 * `dsv-` version and each datapoint's canonical entry, independently of the SDK's code.
 */
import { spawnSync } from "node:child_process";

const SCRIPT = `
import hashlib, json, sys
def sha(s): return hashlib.sha256(s.encode()).hexdigest()
def norm(v):
    if isinstance(v, float) and v.is_integer(): return int(v)
    if isinstance(v, dict): return {k: norm(x) for k, x in v.items()}
    if isinstance(v, list): return [norm(x) for x in v]
    return v
def key_of(dp, field):
    if field: return str(norm(dp[field]))
    custom = dp.get("id") or dp.get("datapoint_id")
    if custom: return str(custom) if str(custom).startswith("EXT-") else "EXT-" + str(custom)
    return "EXT-" + sha(json.dumps(dp, sort_keys=True))[:16]
def entry(dp, field):
    md = {k: v for k, v in (dp.get("metadata") or {}).items() if k != "external_id"}
    if "split" in dp: md["split"] = dp["split"]
    truth = dp.get("ground_truth") or dp.get("ground_truths") or {}
    return norm({"key": key_of(dp, field), "inputs": dp["inputs"], "ground_truth": truth, "history": dp.get("history") or [], "metadata": md})
path, field = json.load(sys.stdin)
with open(path, encoding="utf-8") as f:
    text = f.read()
items = json.loads(text) if text.lstrip().startswith("[") else [json.loads(l) for l in text.split("\\n") if l.strip()]
entries = sorted((entry(dp, field) for dp in items), key=lambda e: e["key"])
json.dump({"version": "dsv-" + sha(json.dumps(entries, sort_keys=True))[:16], "keys": [e["key"] for e in entries]}, sys.stdout)
`;

/** The version (and sorted external ids) CPython computes for the dataset file at `path`. */
export function pythonDatasetVersion(path: string, keyField?: string): { version: string; keys: string[] } {
  const run = spawnSync("python3", ["-c", SCRIPT], { input: JSON.stringify([path, keyField ?? null]), encoding: "utf8" });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { version: string; keys: string[] };
}
