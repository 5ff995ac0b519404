// Extracts every ```ts block of README.md into examples/readme-snippets/ (generated, git-ignored) so that
// `npm run typecheck` type-checks the README's examples with examples/tsconfig.json.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "examples", "readme-snippets");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
blocks.forEach((code, i) => writeFileSync(join(out, `snippet-${i + 1}.ts`), `// generated from README.md — do not edit\n${code}`));
console.log(`README: ${blocks.length} TypeScript snippets written to examples/readme-snippets/`);
