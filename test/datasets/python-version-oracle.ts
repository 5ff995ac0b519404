/**
 * The real oracle for dataset content versions: CPython reads the dataset file and runs the recipe the datasets guide
 * prints (docs/guide/datasets.md, `dataset_version`), independently of the SDK's code; a recipe that drifts from the
 * SDK fails the tests that use it.
 */
import { docsRecipe, runPython } from "../helpers/python3";

const DRIVER = `
import sys
path, field = json.load(sys.stdin)
with open(path, encoding="utf-8") as f:
    text = f.read()
rows = json.loads(text) if text.lstrip().startswith("[") else [json.loads(l) for l in text.split("\\n") if l.strip()]
json.dump({"version": dataset_version(rows, field), "keys": sorted(external_id(r, field) for r in rows)}, sys.stdout)
`;

/** The version (and sorted external ids) the documented recipe computes in CPython for the dataset file at `path`. */
export function pythonDatasetVersion(path: string, keyField?: string): { version: string; keys: string[] } {
  const script = `${docsRecipe("docs/guide/datasets.md", "dataset_version")}\n${DRIVER}`;
  return JSON.parse(runPython(script, JSON.stringify([path, keyField ?? null]))) as { version: string; keys: string[] };
}
