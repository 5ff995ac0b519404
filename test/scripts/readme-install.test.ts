/**
 * What scripts/check-install.mjs reads from the README (scripts/readme-install.mjs): the Install section's commands,
 * example and printed lines, and npm's caret-range rule for the versions those commands accept.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs script without type declarations
import { printedLinePattern, readInstallReadme, satisfiesCaret } from "../../scripts/readme-install.mjs";

const README = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");

interface InstallReadme {
  npmCommands: { command: string; name: string; range: string }[];
  checkoutCommands: string[];
  quickstart: string;
  run: { url: string; key: string };
  prints: string[];
}

describe("the README's Install section", () => {
  it("gives npm commands for both packages, the commands from a checkout, the example and its output", () => {
    const install = readInstallReadme(README) as InstallReadme;
    expect(install.npmCommands.map((c) => c.name)).toEqual(["honeyhive", "@honeyhive/dev-server"]);
    const [create, pack, ...installs] = install.checkoutCommands;
    expect(pack).toMatch(/^npm ci && npm pack -w honeyhive -w @honeyhive\/dev-server --pack-destination \S+$/);
    // The project the tarballs are packed into exists first (npm pack fails with ENOENT on a missing directory).
    const destination = pack!.split(" ").at(-1);
    expect(create).toBe(`mkdir -p ${destination} && (cd ${destination} && npm init -y)`);
    expect(installs.length).toBe(2);
    expect(installs.every((c) => c.startsWith("npm install "))).toBe(true);
    expect(install.quickstart).toContain('from "honeyhive"');
    expect(install.run).toEqual({ url: "http://127.0.0.1:4318", key: "local" });
    expect(install.prints).toHaveLength(2);
  });

  it("fails naming the missing piece", () => {
    expect(() => readInstallReadme("# x\n")).toThrow(/no "## Install" section/);
    const withoutExample = "## Install\n```sh\nnpm install honeyhive@^2.0.0-alpha\n```\n<!-- check-install: from a checkout -->\n```sh\nnpm pack\n```\n";
    expect(() => readInstallReadme(withoutExample)).toThrow(/check-install: quickstart\.mjs/);
    expect(() => readInstallReadme("## Install\n```sh\nnpm install honeyhive\n```\n")).toThrow(/<name>@<range>/);
  });
});

describe("printedLinePattern", () => {
  it("matches a whole line, <id> standing for any id", () => {
    const pattern = printedLinePattern("run <id>: 1 passed, 1 failed") as RegExp;
    expect(pattern.test("answer: 4\nrun 0b6e-41: 1 passed, 1 failed\n")).toBe(true);
    expect(pattern.test("run 0b6e-41: 2 passed, 0 failed")).toBe(false);
    expect(pattern.test("run : 1 passed, 1 failed")).toBe(false);
  });
});

describe("satisfiesCaret (npm's ^ with prereleases)", () => {
  it.each([
    ["2.0.0-alpha.0", "^2.0.0-alpha", true],
    ["2.0.0-alpha", "^2.0.0-alpha", true],
    ["2.0.0-beta.3", "^2.0.0-alpha", true],
    ["2.0.0", "^2.0.0-alpha", true],
    ["2.4.1", "^2.0.0-alpha", true],
    ["2.1.0-alpha.0", "^2.0.0-alpha", false],
    ["1.0.44", "^2.0.0-alpha", false],
    ["3.0.0", "^2.0.0-alpha", false],
    ["2.0.0-1", "^2.0.0-alpha", false],
    ["1.9.0", "^1.10.0", false],
    ["1.10.2", "^1.10.0", true],
  ])("%s satisfies %s: %s", (version, range, expected) => {
    expect(satisfiesCaret(version, range)).toBe(expected);
  });
});
