// Packs one of the two published packages the way `npm publish` would, after `npm run build`: copies the files
// each tarball carries (scripts/prepack.mjs), then `npm pack` without lifecycle scripts (so nothing is rebuilt).
// Shared by scripts/check-packages.mjs (tarball contents, size, publint, attw) and scripts/check-install.mjs (a
// fresh project installed from the tarballs), so both check the same packing.
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root folder. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Each published package's folder, by the short name scripts/prepack.mjs takes. */
export const PACKAGE_DIRS = { honeyhive: "packages/honeyhive", "dev-server": "packages/dev-server" };

/**
 * Packs `name` ("honeyhive" or "dev-server") into `outDir`; returns npm's description of the tarball (`name`,
 * `version`, `filename`, `files`, `size`, `unpackedSize`) plus `tarball`, its path. Throws when a step fails.
 */
export function packPackage(name, outDir) {
  const dir = PACKAGE_DIRS[name];
  if (!dir) throw new Error(`unknown package "${name}" (one of: ${Object.keys(PACKAGE_DIRS).join(", ")})`);
  const run = (cmd, args, options = {}) => execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
  run(process.execPath, [join(ROOT, "scripts/prepack.mjs"), name]);
  const [info] = JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", outDir], { cwd: join(ROOT, dir) }));
  return { ...info, tarball: join(outDir, info.filename) };
}
