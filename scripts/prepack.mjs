#!/usr/bin/env node
// Copies the repository's LICENSE (and, for the SDK, README, MIGRATION and CHANGELOG) into a package folder
// before `npm pack` / `npm publish`, so each tarball carries them. Usage: node scripts/prepack.mjs <honeyhive|dev-server>
import { copyFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const name = process.argv[2];
const files = { honeyhive: ["LICENSE", "README.md", "MIGRATION.md", "CHANGELOG.md"], "dev-server": ["LICENSE"] }[name];
if (!files) {
  console.error(`usage: node scripts/prepack.mjs <honeyhive|dev-server>`);
  process.exit(2);
}
for (const file of files) copyFileSync(join(root, file), join(root, "packages", name, file));
