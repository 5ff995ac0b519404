import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import { BROWSER_TEST_FILES, findChromium, INSTALL_CHROMIUM, isCi } from "./test/helpers/find-chromium";

// Without a Chromium the browser test files are left out and test/browser-available.test.ts reports them as one
// skipped test saying how to install one; in CI (CI=true) a missing browser fails the run instead.
const skipBrowserTests = findChromium() === undefined && !isCi();
if (skipBrowserTests) console.warn(`browser tests skipped: no Chromium found; ${INSTALL_CHROMIUM}`);

// At least two test files at a time: vitest's default (cores - 1) runs one at a time on a 2-core machine, while most
// files spend their time waiting on child processes, servers and browsers. Two ran the whole suite in 28 minutes on
// such a machine, against an estimated 40 one at a time.
const workers = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "test/frameworks/**", ...(skipBrowserTests ? BROWSER_TEST_FILES : [])],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    maxWorkers: workers,
    minWorkers: workers,
    reporters: ["default"],
  },
});
