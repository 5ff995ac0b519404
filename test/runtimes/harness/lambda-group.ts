/**
 * The Lambda row: apps/lambda/invoke.mjs invokes the handler 20 times at once and freezes itself (SIGSTOP) the moment
 * every invocation has returned, as the Lambda sandbox does. The recorder is read right then, with no grace period:
 * only what the handler delivered before returning counts. Then the frozen process is killed.
 */
import { join } from "node:path";
import { startApp } from "./app-process";
import { APPS_DIR, RUNTIMES_DIR } from "./paths";
import { type RowGroup, baseEnv } from "./row-kit";

export const lambdaGroup: RowGroup = {
  rows: ["lambda-frozen"],
  run: async (ctx) => {
    let wrong = 0;
    try {
      const app = await startApp(process.execPath, [join(APPS_DIR, "lambda/invoke.mjs")], {
        cwd: RUNTIMES_DIR,
        env: baseEnv({ HH_API_URL: ctx.recorderUrl, ROW: "lambda-frozen", REQUESTS: String(ctx.requests) }),
        ready: (line) => {
          const report = JSON.parse(line) as { returned?: number; wrong?: number };
          wrong = report.wrong ?? 0;
          return report.returned;
        },
      });
      // Frozen now: whatever has not arrived will never arrive. Killing a stopped process needs SIGKILL.
      const stderr = app.stderr();
      app.child.kill("SIGKILL");
      await app.stop();
      return { "lambda-frozen": { stderr, problems: wrong > 0 ? [`${wrong} invocations answered wrongly`] : [] } };
    } catch (error) {
      return { "lambda-frozen": { stderr: "", problems: [error instanceof Error ? error.message.split("\n").slice(0, 6).join(" | ") : String(error)] } };
    }
  },
};
