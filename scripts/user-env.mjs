// What the install checks (check-install.mjs, check-otel-api.mjs) run a user's commands with: this environment as a
// user's shell has it, and the pinned Node 22 (scripts/node22.sh) for the checks that need one.
import { execFileSync } from "node:child_process";
import { delimiter, dirname, join } from "node:path";
import { ROOT } from "./pack-package.mjs";

/**
 * This environment without the outer npm run's per-package settings and any HH_* variable, plus `extra`; with
 * `nodeDir`, that folder's Node first on PATH.
 */
export function userEnv(extra = {}, nodeDir = undefined) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    const dropped = /^(npm_package_|npm_lifecycle_|HH_)/.test(key) ||
      ["INIT_CWD", "npm_command", "npm_config_local_prefix", "npm_config_allow_scripts", "npm_config_workspace", "npm_config_workspaces"].includes(key);
    if (!dropped) env[key] = value;
  }
  if (nodeDir) env.PATH = `${nodeDir}${delimiter}${process.env.PATH}`;
  return { ...env, NO_COLOR: "1", ...extra };
}

/** The folder of the pinned Node 22 (installed from the npm registry on first use by scripts/node22.sh). */
export function node22Dir() {
  return dirname(execFileSync("bash", [join(ROOT, "scripts/node22.sh")], { encoding: "utf8" }).trim());
}
