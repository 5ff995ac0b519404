// Decision record 0013's one exit rule for every form an eval file may take: a configuration error (here an invalid
// maxConcurrency, checked before anything runs) is the file's execution failure and exit code 2, whether the file
// awaits its evaluate(), exports the promise unawaited as the experiments guide writes it (`export const result =
// evaluate(…)`), calls it and drops the promise, chains on it, or exports the options by default. No stack trace, no
// exit 1 from Node's unhandled-rejection crash. The real CLI (through tsx) in a child process.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, SDK } from "./cli-harness";

const CONFIG = `{ name: "bad", dataset: [{ inputs: { q: 1 } }], function: async (i) => i.q, maxConcurrency: -3 }`;
const FORMS: Record<string, string> = {
  "export-unawaited.eval.mjs": `export const result = evaluate(${CONFIG});`,
  "called-unawaited.eval.mjs": `evaluate(${CONFIG});`,
  "chained.eval.mjs": `evaluate(${CONFIG}).then((r) => console.log(r.runId));`,
  "awaited.eval.mjs": `await evaluate(${CONFIG});`,
  "export-awaited.eval.mjs": `export const result = await evaluate(${CONFIG});`,
  "default-export.eval.mjs": `export default ${CONFIG};`,
  "default-array.eval.mjs": `export default [${CONFIG}];`,
};
const ERROR = "EvaluationConfigError: maxConcurrency must be a positive integer (got -3)";

describe("a configuration error exits 2 whatever form the eval file takes", () => {
  it("every form's failure is reported (none ends the command early) on one line each, without a stack trace; exit 2", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hh-forms-all-"));
    for (const [file, body] of Object.entries(FORMS)) await writeFile(join(dir, file), `import { evaluate } from ${JSON.stringify(SDK)};\n${body}\n`);
    const run = await runCli(["eval", ...Object.keys(FORMS), "--offline", "--json", "forms.json"], dir);
    const report = JSON.parse(await readFile(join(dir, "forms.json"), "utf8")) as { exitCode: number; failures: { kind: string; file: string; error: string }[] };
    expect(report.failures.map((f) => f.file).sort()).toEqual(Object.keys(FORMS).sort());
    for (const failure of report.failures) expect(failure).toMatchObject({ kind: "execution", error: ERROR });
    for (const file of Object.keys(FORMS)) expect(run.stderr).toContain(`honeyhive eval: ${file}: ${ERROR}`);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(report.exitCode).toBe(2);
    expect(run.code).toBe(2);
  }, 120_000);
});
