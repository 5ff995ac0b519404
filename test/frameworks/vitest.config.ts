import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// The framework stacks (test/frameworks/stacks/*, or the latest lane's copies in test/frameworks/.latest/*), each
// its own npm project. Run through `npm run test:frameworks` (scripts/test-frameworks.mjs), which installs them.
const lane = process.env.HH_FRAMEWORKS_LANE === "latest" ? ".latest" : "stacks";
// Two files at a time at least, as in the root config: vitest's default (cores - 1) runs one at a time on a 2-core
// machine, while the stacks' files spend most of their time importing frameworks and waiting on loopback servers.
const workers = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: [`test/frameworks/${lane}/*/**/*.test.ts`],
    exclude: ["**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: workers,
    minWorkers: workers,
    reporters: ["default"],
  },
});
