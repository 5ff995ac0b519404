#!/usr/bin/env node
// Copies the repository's LICENSE (and, for the SDK, README, MIGRATION and CHANGELOG) into a package folder
// before `npm pack` / `npm publish`, so each tarball carries them; the Markdown's links to files the package does not
// carry are made absolute into the repository (scripts/package-markdown.mjs).
// Usage: node scripts/prepack.mjs <honeyhive|dev-server>
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { packagedMarkdown, repositoryWebUrl } from "./package-markdown.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const name = process.argv[2];
const files = { honeyhive: ["LICENSE", "README.md", "MIGRATION.md", "CHANGELOG.md"], "dev-server": ["LICENSE"] }[name];
if (!files) {
  console.error(`usage: node scripts/prepack.mjs <honeyhive|dev-server>`);
  process.exit(2);
}
const web = repositoryWebUrl(JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8")).repository);
const markdown = files.filter((file) => file.endsWith(".md"));
for (const file of files) {
  const to = join(root, "packages", name, file);
  if (!file.endsWith(".md")) copyFileSync(join(root, file), to);
  else writeFileSync(to, packagedMarkdown(readFileSync(join(root, file), "utf8"), web, markdown));
}
