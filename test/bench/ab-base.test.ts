import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BASELINE_FILE, acceptedRegressions, resolveBase } from "../../bench/ab/trees.mjs";

let repo: string;
const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
function commit(path: string, text: string, message: string): string {
  mkdirSync(join(repo, path, ".."), { recursive: true });
  writeFileSync(join(repo, path), text);
  git("add", "-A");
  git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", message);
  return git("rev-parse", "HEAD");
}
const recordBaseline = (sha: string) => commit(BASELINE_FILE, `# the last release\n${sha}\n`, "record the baseline");

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), "ab-base-"));
  git("init", "-q", "-b", "main");
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe("which commit the A/B gate measures main against", () => {
  it("the recorded baseline when packages/ changed since it: a release's changes are measured together", () => {
    const released = commit("packages/sdk/a.ts", "1", "release");
    recordBaseline(released);
    commit("packages/sdk/a.ts", "2", "small change one");
    commit("packages/sdk/a.ts", "3", "small change two");
    expect(resolveBase(repo)).toEqual({ sha: released, why: `the recorded baseline (${BASELINE_FILE})` });
  });

  it("without a baseline, or with one that is not an ancestor, or with no change since it: the code before the last change", () => {
    commit("packages/sdk/a.ts", "1", "first");
    const beforeLast = commit("packages/sdk/a.ts", "2", "second");
    const last = commit("packages/sdk/a.ts", "3", "third");
    expect(resolveBase(repo).sha).toBe(beforeLast);
    recordBaseline("0123456789abcdef0123456789abcdef01234567"); // no such commit
    expect(resolveBase(repo).sha).toBe(beforeLast);
    recordBaseline(last); // nothing under packages/ changed since
    expect(resolveBase(repo)).toEqual({ sha: beforeLast, why: expect.stringContaining("before the last change to packages/") as string });
  });

  it("an explicit --base wins over the baseline", () => {
    const first = commit("packages/sdk/a.ts", "1", "first");
    const second = commit("packages/sdk/a.ts", "2", "second");
    recordBaseline(second);
    commit("packages/sdk/a.ts", "3", "third");
    expect(resolveBase(repo, first)).toEqual({ sha: first, why: `--base=${first}` });
  });
});

describe("the regressions accepted by Bench-Accepted trailers since the base", () => {
  it("the newest trailer's reason for a figure wins; trailers at or before the base do not count", () => {
    const base = commit("packages/sdk/a.ts", "1", "release\n\nBench-Accepted: cpu.sync before the base");
    commit("packages/sdk/a.ts", "2", "slower\n\nBench-Accepted: ingest.cpuUsPerSpan first reason, not yet profiled");
    commit("packages/sdk/a.ts", "3", "profiled\n\nBench-Accepted: ingest.cpuUsPerSpan profiled: the write-time columns");
    commit("packages/sdk/a.ts", "4", "plain change");
    expect([...acceptedRegressions(repo, base)]).toEqual([["ingest.cpuUsPerSpan", "profiled: the write-time columns"]]);
  });
});
