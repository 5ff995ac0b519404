/**
 * The folder check of `npm run lint` (scripts/folder-graph.mjs): a folder outside every layer, a folder in two, a
 * stale layer entry, two folders importing each other (within one layer too, type-only and dynamic imports counted)
 * and a folder importing the package's root files are each reported, naming the folders and the files; a clean graph
 * has no problem. The table itself (scripts/folder-layers.cjs) covers every folder of the three packages.
 */
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CruisedModule, type LayeredPackage, folderCycles, folderImports, folderProblems } from "../../scripts/folder-graph.mjs";

const ROOT = join(__dirname, "..", "..");
const PKG: LayeredPackage = { name: "demo", root: "src/", layers: [["base"], ["mid", "side"], ["top"]] };

/** A module importing `imports` (paths under src/; `type:` and `dyn:` prefixes mark type-only and dynamic imports). */
function mod(source: string, ...imports: string[]): CruisedModule {
  return {
    source: `src/${source}`,
    dependencies: imports.map((spec) => {
      const [kind, path] = spec.includes(":") ? spec.split(":") as [string, string] : ["", spec];
      return { resolved: `src/${path}`, dependencyTypes: kind === "type" ? ["local", "type-only"] : ["local", "import"], dynamic: kind === "dyn" };
    }),
  };
}

const CLEAN = [mod("index.ts", "top/a.ts"), mod("top/a.ts", "mid/b.ts", "side/c.ts"), mod("mid/b.ts", "base/d.ts"), mod("side/c.ts", "mid/b.ts"), mod("base/d.ts")];
const FOLDERS = ["base", "mid", "side", "top"];

describe("folder check", () => {
  it("finds nothing wrong in a layered graph (one-way imports within a layer are allowed)", () => {
    expect(folderProblems(CLEAN, PKG, FOLDERS)).toEqual([]);
  });

  it("names the folders and the files of a cycle within one layer, type-only imports counted", () => {
    const modules = [...CLEAN, mod("mid/e.ts", "type:side/c.ts")];
    const [problem, ...rest] = folderProblems(modules, PKG, FOLDERS);
    expect(rest).toEqual([]);
    expect(problem).toContain("folders mid/, side/ import each other");
    expect(problem).toContain("mid/e.ts -> side/c.ts (type-only)");
    expect(problem).toContain("side/c.ts -> mid/b.ts");
  });

  it("finds a cycle through several layers and lists only the imports that point up or sideways", () => {
    const modules = [...CLEAN, mod("base/f.ts", "dyn:top/a.ts")];
    const problems = folderProblems(modules, PKG, FOLDERS);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("folders base/, mid/, side/, top/ import each other");
    expect(problems[0]).toContain("base -> top:\n      base/f.ts -> top/a.ts (dynamic)");
    expect(problems[0]).not.toContain("top/a.ts -> mid/b.ts");
    expect(problems[0]).not.toContain("side/c.ts -> mid/b.ts"); // sideways, but the cycle spans layers: the upward import closes it
    expect(folderCycles(folderImports(modules, PKG))).toEqual([["base", "mid", "side", "top"]]);
  });

  it("reports a folder in no layer, a folder in two and a layer entry with no folder", () => {
    const pkg: LayeredPackage = { ...PKG, layers: [["base", "gone"], ["mid", "side", "base"], ["top"]] };
    const problems = folderProblems(CLEAN, pkg, [...FOLDERS, "extra"]);
    expect(problems).toEqual([
      "demo: folder base/ is in two layers (1 and 2)",
      "demo: folder extra/ is in no layer (add it to scripts/folder-layers.cjs)",
      "demo: the layers name gone/, which does not exist",
    ]);
  });

  it("reports a folder that imports the package's root files", () => {
    const problems = folderProblems([...CLEAN, mod("base/g.ts", "type:options.ts")], PKG, FOLDERS);
    expect(problems).toEqual([
      "demo: folders (root files), base/, mid/, side/, top/ import each other; the imports that close the cycle:\n    base -> (root files):\n      base/g.ts -> options.ts (type-only)",
      "demo: folder base/ imports the package's root files (entry points, composition root):\n      base/g.ts -> options.ts (type-only)",
    ]);
  });

  it("has every top-level folder of the SDK, the dev server and core in exactly one layer", () => {
    const { PACKAGES } = createRequire(import.meta.url)("../../scripts/folder-layers.cjs") as { PACKAGES: LayeredPackage[] };
    expect(PACKAGES.map((p) => p.name)).toEqual(["honeyhive", "@honeyhive/dev-server", "@honeyhive/core"]);
    for (const pkg of PACKAGES) {
      const onDisk = readdirSync(join(ROOT, pkg.root), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
      expect(folderProblems([], pkg, onDisk), pkg.name).toEqual([]);
    }
  });
});
