/**
 * A project of its own with the built SDK copied into node_modules/honeyhive (package.json, bin, dist) and its
 * dependencies linked from the workspace, as after `npm install honeyhive`: tests that change the installed files
 * (a chunk missing, no dev server) do it there, never in the workspace's build. Needs `npm run build` (as `npm test`
 * does).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const SDK = join(ROOT, "packages", "honeyhive");

/** Makes such a project in a new temporary folder (named from `prefix`) and returns its path. */
export function projectWithInstalledSdk(prefix: string): string {
  if (!existsSync(join(SDK, "dist", "cli.js"))) throw new Error("packages/honeyhive/dist is missing: run `npm run build` first");
  const project = mkdtempSync(join(tmpdir(), prefix));
  const installed = join(project, "node_modules", "honeyhive");
  for (const part of ["package.json", "bin", "dist"]) cpSync(join(SDK, part), join(installed, part), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(SDK, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  for (const name of [...Object.keys(manifest.dependencies), "@opentelemetry/api"]) {
    const link = join(project, "node_modules", name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realpathSync(join(ROOT, "node_modules", name)), link, "dir");
  }
  return project;
}
