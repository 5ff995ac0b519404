/** What every row group shares: the row contract, the child environment, and serve-then-send. */
import { type AppProcess, diagnosisProblems, fireRequests, waitFor } from "./app-process";

/** What running one row produced, besides what the recorder got. */
export interface RowRun {
  stderr: string;
  problems: string[];
  /** A row that checks `diagnose()` only (no spans expected). */
  diagnoseOnly?: boolean;
}

export interface GroupContext {
  recorderUrl: string;
  requests: number;
  /** True once row `row` delivered everything it should (the driver's check, used to stop waiting early). */
  delivered(row: string): boolean;
}

export interface RowGroup {
  rows: string[];
  run(ctx: GroupContext): Promise<Record<string, RowRun>>;
}

/** How long a row may take, after its responses, to deliver what it flushes after the response (waiting ends early once it has). */
export const DELIVERY_MS = 30_000;

export function baseEnv(extra: Record<string, string>): Record<string, string | undefined> {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", NEXT_TELEMETRY_DISABLED: "1", ...extra };
}

export async function serveAndFire(row: string, ctx: GroupContext, start: () => Promise<AppProcess>, path = "/run"): Promise<Record<string, RowRun>> {
  let app: AppProcess;
  try {
    app = await start();
  } catch (error) {
    return { [row]: { stderr: "", problems: [error instanceof Error ? error.message.split("\n").slice(0, 6).join(" | ") : String(error)] } };
  }
  const problems = await fireRequests(`http://127.0.0.1:${app.port}`, path, ctx.requests);
  await waitFor(() => ctx.delivered(row), DELIVERY_MS);
  problems.push(...(await diagnosisProblems(`http://127.0.0.1:${app.port}`, path)));
  await app.stop();
  return { [row]: { stderr: withoutTeardownNotes(app.stderr()), problems } };
}

/**
 * The app's stderr without workerd's note that it dropped actions queued for a request context when the harness
 * stopped it (the row stops as soon as everything it checks has arrived, so the last request's context may still hold
 * work, e.g. the diagnosis request's own flush). What the row checks was delivered before the stop; every other
 * line still fails the row.
 */
function withoutTeardownNotes(stderr: string): string {
  return stderr.replace(/^.*IoContext dropped queued cross-context actions when destroyed.*\n?/gm, "");
}

