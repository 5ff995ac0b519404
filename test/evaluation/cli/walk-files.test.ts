import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expandFileArguments } from "../../../packages/honeyhive/src/cli/support/expand-files";
import { walkFiles } from "../../../packages/honeyhive/src/cli/support/walk-files";

let root = "";
const FILES = ["t/a.eval.ts", "t/.hidden/h.eval.ts", "t/.git/g.eval.ts", "t/deep/er/d.eval.ts", "t/node_modules/n.eval.ts"];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "hh-walk-"));
  for (const f of FILES) {
    await mkdir(join(root, f, ".."), { recursive: true });
    await writeFile(join(root, f), "");
  }
  await symlink(join(root, "t/missing.eval.ts"), join(root, "t/broken.eval.ts")); // a broken link
  await symlink(join(root, "t"), join(root, "t/deep/er/up")); // a cycle two levels down
});

async function expand(patterns: string[]): Promise<string[]> {
  return (await expandFileArguments(patterns, root)).files.map((f) => f.slice(root.length + 1));
}

describe("file walk (node:fs + picomatch)", () => {
  it("enters dot-directories and node_modules only when the pattern names them", async () => {
    expect(await expand(["t/**/*.eval.ts"])).toEqual(["t/a.eval.ts", "t/deep/er/d.eval.ts"]);
    expect(await expand(["t"])).toEqual(["t/a.eval.ts", "t/deep/er/d.eval.ts"]);
    expect(await expand(["t/**/.hidden/*.ts"])).toEqual(["t/.hidden/h.eval.ts"]);
    expect(await expand(["t/.git/*.ts", "t/*/n.eval.ts"])).toEqual(["t/.git/g.eval.ts"]);
    expect(await expand(["t/**/node_modules/*.ts"])).toEqual(["t/node_modules/n.eval.ts"]);
  });

  it("skips broken links, stops at the glob's depth without **, and does not enter a cycle", async () => {
    const visited: string[] = [];
    const files = await walkFiles(join(root, "t"), { match: () => true, maxDepth: 1, skipDirectory: () => false });
    expect(files.map((f) => f.slice(root.length + 1))).toEqual(["t/.git/g.eval.ts", "t/.hidden/h.eval.ts", "t/a.eval.ts", "t/node_modules/n.eval.ts"]);
    const all = await walkFiles(join(root, "t"), { match: (rel) => (visited.push(rel), true), maxDepth: Infinity, skipDirectory: () => false });
    expect(all).toHaveLength(5);
    expect(visited.some((rel) => rel.includes("up/"))).toBe(false);
    expect(await walkFiles(join(root, "nowhere"), { match: () => true, maxDepth: Infinity, skipDirectory: () => false })).toEqual([]);
  });
});
