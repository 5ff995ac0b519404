/**
 * The ES module entry points (`index.js`, `testing.js`, `evaluators.js`, `jest.js`, `neutral.js`) import their CommonJS
 * twin through a bridge file (`<name>-esm.cjs`, scripts/build-sdk.mjs): Node's ES module loader runs its CommonJS lexer
 * over every CommonJS file an ES module imports (and over the files it re-exports), so the file imported must name no
 * export and re-export nothing for the lexer to skip the entry's list of exports (decision record 0086, fourth round).
 * The twin still gives the CommonJS entry's own objects, under the same names. Run against the built package (dist/),
 * with the lexer Node itself uses, in fresh Node processes.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const DIST = join(ROOT, "packages/honeyhive/dist");
const BUILT = existsSync(join(DIST, "index.js"));
const TWINS = ["index", "testing", "evaluators", "jest", "neutral"];

/** The CommonJS files the twin `name` imports (relative specifiers ending in `.cjs`). */
function importedBy(name: string): string[] {
  const text = readFileSync(join(DIST, `${name}.js`), "utf8");
  return [...text.matchAll(/from\s*"\.\/([^"]+\.cjs)"/g)].map((m) => join(DIST, m[1] as string));
}

/** What Node's own CommonJS lexer finds in `file`: the names it would read as exports, and the files it would follow. */
function lexed(file: string): { exports: string[]; reexports: string[] } {
  const script = `const { parse } = require("internal/deps/cjs-module-lexer/lexer");
    const { exports, reexports } = parse(require("node:fs").readFileSync(${JSON.stringify(file)}, "utf8"));
    process.stdout.write(JSON.stringify({ exports, reexports }));`;
  return JSON.parse(execFileSync(process.execPath, ["--expose-internals", "-e", script], { encoding: "utf8" })) as { exports: string[]; reexports: string[] };
}

describe.skipIf(!BUILT)("the ES module twins of the built entry points", () => {
  it.each(TWINS)("%s.js imports one CommonJS file in which Node's lexer finds no export and follows no require", (name) => {
    const files = importedBy(name);
    expect(files).toHaveLength(1);
    expect(lexed(files[0] as string)).toEqual({ exports: [], reexports: [] });
  }, 30_000);

  it("each twin gives the CommonJS entry's own objects, under the same names", () => {
    const script = `
      import { createRequire } from "node:module";
      const require = createRequire(import.meta.url);
      const out = {};
      for (const name of ${JSON.stringify(TWINS)}) {
        const esm = await import(${JSON.stringify(pathToFileURL(DIST).href)} + "/" + name + ".js");
        const cjs = require(${JSON.stringify(DIST)} + "/" + name + ".cjs");
        const names = Object.keys(esm).sort();
        out[name] = { names: names.length, same: JSON.stringify(names) === JSON.stringify(Object.keys(cjs).sort()) && names.every((n) => esm[n] === cjs[n]) };
      }
      process.stdout.write(JSON.stringify(out));`;
    const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, HH_API_KEY: "" } })) as Record<string, { names: number; same: boolean }>;
    for (const name of TWINS) {
      expect(out[name]?.same, name).toBe(true);
      expect(out[name]?.names, name).toBeGreaterThan(0);
    }
    expect(out.index?.names).toBeGreaterThan(50);
  }, 30_000);
});
