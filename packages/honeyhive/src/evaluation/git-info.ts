import { nodeOnlyMessage } from "../runtime/runtime";
import { runtime } from "../runtime/platform";
import { registerModuleCache } from "../internal/process-state";
import { guard } from "../internal/guard";

/** Git facts about a working directory (the old TS SDK's `getGitInfo` shape, plus message and author). */
export interface GitInfo {
  commitHash?: string;
  branch?: string;
  /** Remote `origin` URL with any credentials removed. */
  repoUrl?: string;
  /** Web link to the commit for GitHub/GitLab/Bitbucket remotes. */
  commitLink?: string;
  commitMessage?: string;
  author?: string;
  uncommittedChanges: boolean;
  /** The directory relative to the repository root. */
  relativePath?: string;
  /** Why the information is missing (not a repository, git not installed, timeout). */
  error?: string;
}

const GIT_TIMEOUT_MS = 3_000;
const cache = new Map<string, Promise<GitInfo>>();
/** Answers whose `git status` failed or timed out: their `uncommittedChanges` is not known (false is a guess). */
const statusUnknown = new WeakSet<GitInfo>();
registerModuleCache("evaluation/git-info", { clear: () => cache.clear(), size: () => cache.size });

function git(args: string[], cwd: string): Promise<string | undefined> {
  return runtime.node ? runtime.node.execFileText("git", args, { cwd, timeoutMs: GIT_TIMEOUT_MS }) : Promise.resolve(undefined);
}

/** Removes user info from a remote URL (`https://user:token@host/…` → `https://host/…`). */
function sanitizeRemoteUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1");
}

function webBase(remote: string): string | undefined {
  const ssh = /^(?:ssh:\/\/)?git@([^:/]+)[:/](.+?)(?:\.git)?\/?$/.exec(remote);
  if (ssh) return `https://${ssh[1]}/${ssh[2]}`;
  const http = /^https?:\/\/([^/]+)\/(.+?)(?:\.git)?\/?$/.exec(remote);
  return http ? `https://${http[1]}/${http[2]}` : undefined;
}

function commitLinkFor(remote: string, hash: string): string | undefined {
  const base = webBase(remote);
  if (!base) return undefined;
  if (base.includes("bitbucket.org")) return `${base}/commits/${hash}`;
  if (base.includes("gitlab")) return `${base}/-/commit/${hash}`;
  return `${base}/commit/${hash}`;
}

async function collect(directory: string): Promise<GitInfo> {
  const inside = await git(["rev-parse", "--is-inside-work-tree"], directory);
  if (inside !== "true") return { uncommittedChanges: false, error: "not a git repository (or git is not installed)" };
  const [commitHash, branch, remote, status, log, prefix] = await Promise.all([
    git(["rev-parse", "HEAD"], directory),
    git(["rev-parse", "--abbrev-ref", "HEAD"], directory),
    git(["config", "--get", "remote.origin.url"], directory),
    git(["status", "--porcelain", "--untracked-files=no"], directory),
    git(["log", "-1", "--format=%s%x00%an"], directory),
    git(["rev-parse", "--show-prefix"], directory),
  ]);
  const info: GitInfo = { uncommittedChanges: Boolean(status) };
  if (status === undefined) statusUnknown.add(info);
  if (commitHash) info.commitHash = commitHash;
  if (branch) info.branch = branch;
  if (remote) {
    info.repoUrl = sanitizeRemoteUrl(remote);
    const link = commitHash ? commitLinkFor(info.repoUrl, commitHash) : undefined;
    if (link) info.commitLink = link;
  }
  if (log) {
    const [message, author] = log.split("\u0000");
    if (message) info.commitMessage = message;
    if (author) info.author = author;
  }
  if (prefix !== undefined) info.relativePath = prefix.replace(/\/$/, "") || ".";
  return info;
}

/**
 * Git information about `directory` (default: the current directory), from `git` run asynchronously with a
 * timeout. Cached per directory once complete (an answer with an `error`, or whose `git status` failed or timed out,
 * is asked again by the next call); never throws (problems are reported in `error`).
 */
export function getGitInfo(directory?: string): Promise<GitInfo> {
  const node = runtime.node;
  if (!node) return Promise.resolve({ uncommittedChanges: false, error: nodeOnlyMessage("getGitInfo()", runtime.host) });
  const key = guard(() => node.files.resolve(typeof directory === "string" ? directory : node.cwd()), "");
  let pending = cache.get(key);
  if (!pending) {
    const asked: Promise<GitInfo> = collect(key).catch((error: unknown) => ({ uncommittedChanges: false, error: String(error) })).then((info) => {
      if ((info.error !== undefined || statusUnknown.has(info)) && cache.get(key) === asked) cache.delete(key);
      return info;
    });
    cache.set(key, (pending = asked));
  }
  return pending;
}

/** The run metadata the Python SDK sends under `metadata.git`. */
export function gitRunMetadata(info: GitInfo): Record<string, unknown> | undefined {
  if (info.error || !info.commitHash) return undefined;
  const out: Record<string, unknown> = { commit_hash: info.commitHash };
  if (!statusUnknown.has(info)) out.is_dirty = info.uncommittedChanges; // unknown: left out rather than guessed clean
  if (info.branch) out.branch = info.branch;
  if (info.commitMessage) out.commit_message = info.commitMessage;
  if (info.author) out.author = info.author;
  if (info.repoUrl) out.remote_url = info.repoUrl;
  if (info.commitLink) out.commit_link = info.commitLink;
  return out;
}
