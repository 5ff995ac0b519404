import { defineConfig } from "vitest/config";

// The framework stacks (test/frameworks/stacks/*, or the latest lane's copies in test/frameworks/.latest/*), each
// its own npm project. Run through `npm run test:frameworks` (scripts/test-frameworks.mjs), which installs them.
const lane = process.env.HH_FRAMEWORKS_LANE === "latest" ? ".latest" : "stacks";

export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: [`test/frameworks/${lane}/*/**/*.test.ts`],
    exclude: ["**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default"],
  },
});
