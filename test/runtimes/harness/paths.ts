/** Where the matrix's files and runtimes are: the test/runtimes npm project and its installed binaries. */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const RUNTIMES_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const REPO_DIR = dirname(dirname(RUNTIMES_DIR));
export const APPS_DIR = join(RUNTIMES_DIR, "apps");
/** Scratch space (bundles, configs, the packed SDK); ignored by git. */
export const WORK_DIR = join(RUNTIMES_DIR, ".work");

const require = createRequire(join(RUNTIMES_DIR, "package.json"));

/** A file inside an installed package of the matrix project (the platform packages carry the binaries). */
export function packageFile(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

export const BINARIES = {
  node22: () => packageFile("node22", "bin/node"),
  node24: () => packageFile("node24", "bin/node"),
  bun: () => packageFile("@oven/bun-linux-x64", "bin/bun"),
  deno: () => packageFile("@deno/linux-x64-glibc", "deno"),
  workerd: () => packageFile("@cloudflare/workerd-linux-64", "bin/workerd"),
  next: () => packageFile("next", "dist/bin/next"),
};
