/**
 * `honeyhive serve` without `@honeyhive/dev-server` installed: the built CLI, copied into a project of its own whose
 * node_modules hold the SDK's dependencies but no dev server (as after `npm install honeyhive`), prints one line with
 * the install command of the README's "Install" section and exits 1. Needs `npm run build` (as `npm test` does).
 */
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectWithInstalledSdk } from "../helpers/installed-sdk";
import { DEV_SERVER_INSTALL_COMMAND, DEV_SERVER_MISSING_MESSAGE } from "../../packages/honeyhive/src/cli/commands/serve";
// @ts-expect-error -- a plain .mjs script without type declarations
import { readInstallReadme } from "../../scripts/readme-install.mjs";

const ROOT = join(__dirname, "..", "..");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A project with the built SDK in node_modules/honeyhive and no dev server. */
function projectWithoutDevServer(): string {
  return projectWithInstalledSdk("hh-serve-missing-");
}

function runServe(project: string): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(project, "node_modules", "honeyhive", "bin", "honeyhive.js"), "serve"], {
      cwd: project,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

describe("honeyhive serve without @honeyhive/dev-server", () => {
  let project = "";
  beforeAll(() => {
    project = projectWithoutDevServer();
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("prints the README's install command in one line and exits 1", async () => {
    const run = await runServe(project);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`${DEV_SERVER_MISSING_MESSAGE}\n`);
    expect(run.stderr).toContain(DEV_SERVER_INSTALL_COMMAND);
  });

  it("names the command the README's Install section gives, word for word", () => {
    const { npmCommands } = readInstallReadme(readFileSync(join(ROOT, "README.md"), "utf8")) as { npmCommands: { command: string; name: string }[] };
    const devServer = npmCommands.find((c) => c.name === "@honeyhive/dev-server");
    expect(devServer?.command).toBe(DEV_SERVER_INSTALL_COMMAND);
    expect(DEV_SERVER_MISSING_MESSAGE).toContain('"Install" in the README');
  });

  it("is the one dev server install command in the README, MIGRATION.md and the dev server's README", () => {
    for (const file of ["README.md", "MIGRATION.md", "packages/dev-server/README.md"]) {
      const commands = readFileSync(join(ROOT, file), "utf8").match(/npm install (?:--save-dev |-D )?@honeyhive\/dev-server[^\s`]*/g) ?? [];
      expect(commands.length, file).toBeGreaterThan(0);
      for (const command of commands) expect(command, file).toBe(DEV_SERVER_INSTALL_COMMAND);
    }
  });
});
