/**
 * CPython as a test oracle: whether it runs here, when its tests may be skipped, and the Python recipes the user docs
 * print, read from the pages themselves. Outside CI a machine without `python3` skips the oracle tests (reported as
 * skipped, with test/python-available.test.ts saying how to install it); with `CI=true` they run and fail.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isCi } from "./find-chromium";

const ROOT = resolve(__dirname, "../..");

/** True when `python3` runs here. */
export const HAS_PYTHON = spawnSync("python3", ["-c", "print(1)"], { encoding: "utf8" }).stdout?.trim() === "1";

/** True when the oracle tests are skipped: no `python3`, outside CI. Under CI a missing `python3` fails them. */
export const SKIP_PYTHON_ORACLE = !HAS_PYTHON && !isCi();

/** How to get `python3` (said by the skipped test). */
export const INSTALL_PYTHON = "install python3 (apt-get install python3, brew install python3) to run the Python oracle tests";

/** The `python` code block right after `<!-- python-recipe: <name> -->` on a docs page (path from the repository root). */
export function docsRecipe(page: string, name: string): string {
  const text = readFileSync(join(ROOT, page), "utf8");
  const marker = `<!-- python-recipe: ${name} -->`;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`${page}: no ${marker}`);
  const block = /^```python\n([\s\S]*?)^```$/m.exec(text.slice(at + marker.length));
  if (block === null) throw new Error(`${page}: no python block after ${marker}`);
  return block[1]!;
}

/** Runs `script` with `python3 -c`, `input` on stdin; its stdout, or an error with its stderr. */
export function runPython(script: string, input: string): string {
  const run = spawnSync("python3", ["-c", script], { input, encoding: "utf8", maxBuffer: 64 << 20 });
  if (run.error !== undefined) throw new Error(`python3 could not run: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return run.stdout;
}
