import { mkdtemp, mkdir, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expandFileArguments } from "../../../packages/honeyhive/src/cli/support/expand-files";

let root = "";
const FILES = [
  "evals/a.eval.ts", "evals/sub/b.eval.mjs", "evals/x/c.eval.js", "evals/y/d.eval.ts", "evals/helper.ts",
  "lit/a*b.eval.ts", "lit/a1b.eval.ts", "lit/{x}.eval.ts", "real/r.eval.ts", "node_modules/x/n.eval.ts", "one.eval.js",
];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "hh-glob-"));
  for (const f of FILES) {
    await mkdir(join(root, f, ".."), { recursive: true });
    await writeFile(join(root, f), "");
  }
  await symlink(join(root, "real/r.eval.ts"), join(root, "evals/link.eval.ts"));
  await symlink(join(root, "real"), join(root, "evals/linkdir"));
  await symlink(join(root, "evals"), join(root, "evals/loop")); // a cycle
});

async function expand(patterns: string[], cwd = root): Promise<{ files: string[]; unmatched: string[] }> {
  const out = await expandFileArguments(patterns, cwd);
  return { files: out.files.map((f) => f.slice(root.length + 1)), unmatched: out.unmatched };
}

describe("file arguments (picomatch and the directory walk)", () => {
  it("expands globs, directories and files; skips node_modules unless named; reports unmatched", async () => {
    expect(await expand(["evals/**/*.eval.*", "one.eval.js", "missing/*.ts", "nope.ts"])).toEqual({
      files: ["evals/a.eval.ts", "evals/link.eval.ts", "evals/sub/b.eval.mjs", "evals/x/c.eval.js", "evals/y/d.eval.ts", "one.eval.js"],
      unmatched: ["missing/*.ts", "nope.ts"],
    });
    expect((await expand(["node_modules/**/*.eval.ts"])).files).toEqual(["node_modules/x/n.eval.ts"]);
    expect((await expand(["evals"])).files).toEqual(["evals/a.eval.ts", "evals/link.eval.ts", "evals/sub/b.eval.mjs", "evals/x/c.eval.js", "evals/y/d.eval.ts"]);
  });

  it("supports braces, nested braces and ranges of alternatives", async () => {
    expect((await expand(["evals/{a,{x,y}/*}.eval.*"])).files).toEqual(["evals/a.eval.ts", "evals/x/c.eval.js", "evals/y/d.eval.ts"]);
    expect((await expand(["evals/{x,{y,{sub,zz}}}/*.eval.{js,{mjs,ts}}"])).files).toEqual(["evals/sub/b.eval.mjs", "evals/x/c.eval.js", "evals/y/d.eval.ts"]);
    expect((await expand(["evals/*.eval.{ts,}"])).files).toEqual(["evals/a.eval.ts", "evals/link.eval.ts"]);
  });

  it("honours escapes, and takes an existing path literally even with glob characters", async () => {
    expect((await expand(["lit/a\\*b.eval.ts"])).files).toEqual(["lit/a*b.eval.ts"]);
    expect((await expand(["lit/a?b.eval.ts"])).files).toEqual(["lit/a*b.eval.ts", "lit/a1b.eval.ts"]);
    expect((await expand(["lit/\\{x\\}.eval.ts"])).files).toEqual(["lit/{x}.eval.ts"]);
    expect((await expand(["lit/{x}.eval.ts"])).files).toEqual(["lit/{x}.eval.ts"]);
    expect((await expand(["lit/a*b.eval.ts"])).files).toEqual(["lit/a*b.eval.ts"]);
  });

  it("follows symlinked files and directories, runs each real file once, and survives a symlink cycle", async () => {
    const out = await expand(["evals/**/*.eval.ts", "real/*.ts"]);
    expect(out.files).toEqual(["evals/a.eval.ts", "evals/link.eval.ts", "evals/y/d.eval.ts"]);
    expect((await expand(["evals/linkdir/*.ts"])).files).toEqual(["evals/linkdir/r.eval.ts"]);
  });

  it("accepts absolute globs and paths outside the working directory", async () => {
    expect((await expand([join(root, "evals/y/*.eval.ts")], join(root, "lit"))).files).toEqual(["evals/y/d.eval.ts"]);
    expect((await expand(["../evals/x/*.js"], join(root, "lit"))).files).toEqual(["evals/x/c.eval.js"]);
  });
});
