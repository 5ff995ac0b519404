import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SPEC_PATH } from "./helpers/openapi-spec";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === "node_modules") return []; // installed packages (the framework stacks' own), not the repository's tests
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mts|mjs|js)$/.test(name) ? [path] : [];
  });
}

describe("the tests need nothing outside the repository", () => {
  it("read the vendored OpenAPI spec (the published file, unmodified, with its source note)", () => {
    if (process.env.HONEYHIVE_OPENAPI_SPEC === undefined) expect(relative(ROOT, SPEC_PATH)).toBe(join("test", "fixtures", "honeyhive-openapi-v1.yaml"));
    const vendored = readFileSync(join(ROOT, "test/fixtures/honeyhive-openapi-v1.yaml"));
    const note = readFileSync(join(ROOT, "test/fixtures/honeyhive-openapi-v1.SOURCE.md"), "utf8");
    expect(note).toContain(createHash("sha256").update(vendored).digest("hex"));
  });

  it("no test file reaches above the repository (../shared or further)", () => {
    const escapes = (file: string, specifier: string) => relative(ROOT, resolve(dirname(file), specifier)).startsWith("..");
    const self = fileURLToPath(import.meta.url); // holds the examples below
    const offenders = files(join(ROOT, "test")).filter((file) => {
      if (file === self) return false;
      const text = readFileSync(file, "utf8");
      const relativePaths = [...text.matchAll(/["'`]((?:\.\.\/)+[^"'`]*)["'`]/g)].map((m) => m[1]!);
      return relativePaths.some((specifier) => escapes(file, specifier)) || /\/work\/shared\//.test(text);
    });
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
    // The check itself: a path that climbs out of the repository is caught, one that stays inside is not.
    expect(escapes(join(ROOT, "test/a/b.ts"), "../../../shared/x.yaml")).toBe(true);
    expect(escapes(join(ROOT, "test/runtimes/apps/next/app/r/route.js"), "../../../shared/work.mjs")).toBe(false);
  });
});
