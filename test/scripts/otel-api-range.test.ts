/**
 * The @opentelemetry/api versions honeyhive accepts as a peer: 1.9 and 1.10 (npm's latest since 2026-10-20, required by
 * the OpenTelemetry 3.x packages), and what the README's Install section and diagnose()'s fix say about it. Real
 * installs of both minors, ES module and CommonJS, are checked by scripts/check-otel-api.mjs (`npm run check:otel-api`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { satisfiesRange } from "../../packages/honeyhive/src/internal/version-range";

const ROOT = join(__dirname, "..", "..");
const manifest = JSON.parse(readFileSync(join(ROOT, "packages/honeyhive/package.json"), "utf8")) as { peerDependencies: Record<string, string> };
const range = manifest.peerDependencies["@opentelemetry/api"]!;

describe("honeyhive's @opentelemetry/api peer range", () => {
  it("accepts 1.9 and 1.10, and no other minor or major", () => {
    const accepted = ["1.8.0", "1.9.0", "1.9.1", "1.10.0", "1.10.3", "1.11.0", "2.0.0"].filter((version) => satisfiesRange(version, range));
    expect(accepted).toEqual(["1.9.0", "1.9.1", "1.10.0", "1.10.3"]);
  });

  it("is the range the README's Install section and diagnose()'s fix name", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const install = readme.slice(readme.indexOf("\n## Install\n"), readme.indexOf("\n## ", readme.indexOf("\n## Install\n") + 1));
    expect(install).toContain(`\`@opentelemetry/api\` (a peer dependency, \`${range}\`)`);
    const check = readFileSync(join(ROOT, "packages/honeyhive/src/diagnose/check-otel-api.ts"), "utf8");
    expect(check).toContain(`honeyhive needs ${range.replace(/\.0(?= |$)/g, "")}`);
  });
});
