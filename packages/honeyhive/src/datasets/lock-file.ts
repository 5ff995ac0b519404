/** Lock files on disk: where `pull --lock` writes one, and reading one back (Node only). */
import { runtime } from "../runtime/platform";
import { nodeOnlyMessage } from "../runtime/runtime";
import { describeError } from "../internal/safe-invoke";
import { EvaluationConfigError } from "../config/evaluation-config-error";
import { checkDatasetLock, type DatasetLock } from "./dataset-lock";
import { decodeUtf8 } from "../internal/utf8";

/** The lock file next to a dataset file: `qa.jsonl` → `qa.lock.json`. */
export function lockFilePath(datasetFile: string): string {
  const slash = Math.max(datasetFile.lastIndexOf("/"), datasetFile.lastIndexOf("\\"));
  const dot = datasetFile.lastIndexOf(".");
  return `${dot > slash + 1 ? datasetFile.slice(0, dot) : datasetFile}.lock.json`;
}

/** Reads and checks a lock file. Throws {@link EvaluationConfigError} naming the file for any problem. */
export async function readDatasetLock(path: string): Promise<DatasetLock> {
  if (!runtime.node) throw new EvaluationConfigError(nodeOnlyMessage("reading a dataset lock file", runtime.host));
  let text: string;
  try {
    text = decodeUtf8(await runtime.node.files.readFile(path));
  } catch (error) {
    throw new EvaluationConfigError(`cannot read the dataset lock ${path} (${describeError(error)})`);
  }
  try {
    return checkDatasetLock(JSON.parse(text), path);
  } catch (error) {
    if (error instanceof EvaluationConfigError) throw error;
    throw new EvaluationConfigError(`${path} is not valid JSON: ${describeError(error)}`);
  }
}
