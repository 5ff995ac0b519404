/**
 * `getGitInfo()` as the `honeyhive` entry point exports it: the git reader (git-info.ts) is imported on the first call,
 * so tracing alone never loads it.
 */
import { onDemand } from "../seam/on-demand";
import type { GitInfo } from "./git-info";

const gitInfo = onDemand(() => import("./git-info"));

/**
 * Git information about `directory` (default: the current directory), from `git` run asynchronously with a
 * timeout. Cached per directory; never throws (problems are reported in `error`).
 */
export function getGitInfo(directory?: string): Promise<GitInfo> {
  return gitInfo().then(
    (loaded) => loaded.getGitInfo(directory),
    (error: unknown) => ({ uncommittedChanges: false, error: String(error) }),
  );
}
