/** The version-range rule diagnose() uses on instrumentations' `supportedVersions` (node-semver syntax). */
import { describe, expect, it } from "vitest";
import { satisfiesRange } from "../../packages/honeyhive/src/internal/version-range";

describe("satisfiesRange", () => {
  it("reads the ranges instrumentations declare", () => {
    const cases: [string, string, boolean][] = [
      ["6.49.0", ">=4 <7", true], ["7.57.0", ">=4 <7", false], ["4.0.0", ">=4 <7", true], ["3.9.9", ">=4 <7", false],
      ["6.49.0", "^7.0.0", false], ["7.1.0", "^7.0.0", true], ["8.0.0", "^7.0.0", false], ["0.2.5", "^0.2.0", true], ["0.3.0", "^0.2.0", false],
      ["1.12.0", "*", true], ["1.12.0", ">=0.9.1", true], ["0.9.0", ">=0.9.1", false], ["1.2.9", "~1.2.3", true], ["1.3.0", "~1.2.3", false],
      ["1.4.2", "1.x", true], ["2.0.0", "1.x", false], ["1.2.3", "1.2.3", true], ["1.2.4", "1.2.3", false], ["2.5.0", "1.0.0 - 2.5.0", true],
      ["2.5.1", "1.0.0 - 2.5.0", false], ["5.1.0", "^4.0.0 || ^5.0.0", true], ["6.0.0", "^4.0.0 || ^5.0.0", false], ["1.3.0", ">1.2", true],
      ["1.2.9", ">1.2", false], ["1.2.9", "<=1.2", true], ["1.3.0", "<=1.2", false], ["7.0.0-beta.1", ">=7", true], ["5.0.0", ">= 4 < 6", true],
    ];
    for (const [version, range, expected] of cases) expect([version, range, satisfiesRange(version, range)]).toEqual([version, range, expected]);
  });

  it("makes no claim on what it cannot read", () => {
    expect(satisfiesRange("not-a-version", ">=1")).toBeUndefined();
    expect(satisfiesRange("1.0.0", "latest")).toBeUndefined();
  });
});
