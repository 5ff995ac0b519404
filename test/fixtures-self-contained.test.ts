import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SPEC_PATH } from "./helpers/openapi-spec";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
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
    const offenders = files(join(ROOT, "test")).filter((file) => /["'`](\.\.\/){3,}shared\//.test(readFileSync(file, "utf8")) || /\/work\/shared\//.test(readFileSync(file, "utf8")));
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });
});
