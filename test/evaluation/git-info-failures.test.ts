// getGitInfo() keeps no failed answer and guesses no clean tree: with git missing from PATH the answer is an error,
// and the next call (git back) runs git again; a repository whose `git status` fails (a corrupt index) records its
// commit without an `is_dirty` flag rather than a clean one, and is asked again next time. Real git, real repositories.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getGitInfo, gitRunMetadata } from "../../packages/honeyhive/src/evaluation/git-info";
import { resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";

let repo: string;
const savedPath = process.env.PATH;
const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } }).toString().trim();

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), "hh-git-failures-"));
  git("init", "-q");
  writeFileSync(join(repo, "a.txt"), "a\n");
  git("add", "a.txt");
  git("commit", "-q", "-m", "first");
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));
afterEach(() => {
  process.env.PATH = savedPath;
  resetHoneyHiveGlobals();
});

describe("getGitInfo after a failure", () => {
  it("an answer with an error is not kept: git found again, the next call reads the repository", async () => {
    process.env.PATH = "";
    const missing = await getGitInfo(repo);
    expect(missing.error).toMatch(/not a git repository \(or git is not installed\)/);
    process.env.PATH = savedPath;
    const found = await getGitInfo(repo);
    expect(found.error).toBeUndefined();
    expect(found.commitHash).toBe(git("rev-parse", "HEAD"));
    expect(await getGitInfo(repo)).toBe(found); // a complete answer is kept
  });

  it("a failed git status leaves is_dirty out (not a guessed clean tree) and is asked again", async () => {
    writeFileSync(join(repo, ".git", "index"), "not an index");
    const unknown = await getGitInfo(repo);
    expect(unknown.commitHash).toBe(git("rev-parse", "HEAD"));
    const metadata = gitRunMetadata(unknown)!;
    expect(metadata.commit_hash).toBe(unknown.commitHash);
    expect(metadata).not.toHaveProperty("is_dirty");
    rmSync(join(repo, ".git", "index"));
    git("reset", "-q"); // the index rebuilt from HEAD
    writeFileSync(join(repo, "a.txt"), "changed\n");
    const known = await getGitInfo(repo);
    expect(known).not.toBe(unknown);
    expect(gitRunMetadata(known)).toMatchObject({ commit_hash: unknown.commitHash, is_dirty: true });
  });
});
