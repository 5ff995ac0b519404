/**
 * Issue 44 requirement 6: `honeyhive eval --prompt name@env` (a child process against the real dev server) fetches the
 * prompt once and runs every experiment with it: the run records `metadata.prompt`; a prompt that does not exist in
 * that environment stops the command before anything runs (exit 2) naming the environments that have it.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createApiClient } from "../../packages/honeyhive/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { runCli } from "../evaluation/cli/cli-harness";

const KEY = "hh_eval_cli_prompt";
let server: DevServer;
let dir: string;

beforeAll(async () => {
  server = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  dir = await mkdtemp(join(tmpdir(), "hh-eval-prompt-"));
  await writeFile(join(dir, "p.eval.mjs"), `export default { name: "prompted", dataset: [{ inputs: { n: 1 } }, { inputs: { n: 2 } }],
  function: (inputs) => { process.stderr.write("RAN\\n"); return inputs.n; } };\n`);
});
afterAll(() => server.close());

describe("honeyhive eval --prompt", () => {
  it("records the prompt on the run; a missing one exits 2 before running", async () => {
    const api = createApiClient({ apiKey: KEY, serverUrl: server.url });
    const created = await api.configurations.create({ name: "cli-prompt", provider: "openai", env: ["staging"], parameters: { call_type: "chat", model: "m", template: "Hi {{n}}" } });
    if (!created.ok) throw new Error(created.error);
    const env = { HH_API_URL: server.url, HH_API_KEY: KEY };
    const ok = await runCli(["eval", "p.eval.mjs", "--prompt", "cli-prompt@staging", "--json", "-"], dir, env);
    expect(ok.code, ok.stderr).toBe(0);
    const runId = (JSON.parse(ok.stdout) as { experiments: { runId: string }[] }).experiments[0]!.runId;
    const run = await api.runs.get(runId);
    if (!run.ok) throw new Error(run.error);
    expect((run.data.evaluation.metadata as Record<string, unknown>).prompt).toMatchObject({ name: "cli-prompt", env: "staging", config_id: created.data.insertedId, template: "Hi {{n}}" });

    const missing = await runCli(["eval", "p.eval.mjs", "--prompt", "cli-prompt@prod"], dir, env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--prompt cli-prompt@prod");
    expect(missing.stderr).toContain("staging");
    expect(missing.stderr).not.toContain("RAN");
    expect(missing.stderr).not.toContain(KEY);
  }, 60_000);

  it("--compare says the prompt changed and shows the template diff (summary and Markdown)", async () => {
    const api = createApiClient({ apiKey: KEY, serverUrl: server.url });
    const created = await api.configurations.create({ name: "cmp-prompt", provider: "openai", env: ["prod"], parameters: { call_type: "chat", model: "m", template: "Be brief.\nAnswer {{n}}" } });
    if (!created.ok) throw new Error(created.error);
    const env = { HH_API_URL: server.url, HH_API_KEY: KEY };
    const first = await runCli(["eval", "p.eval.mjs", "--prompt", "cmp-prompt", "--json", "-"], dir, env);
    expect(first.code, first.stderr).toBe(0);
    const oldRunId = (JSON.parse(first.stdout) as { experiments: { runId: string }[] }).experiments[0]!.runId;
    const updated = await api.configurations.update(created.data.insertedId, { name: "cmp-prompt", parameters: { call_type: "chat", model: "m", template: "Be kind.\nAnswer {{n}}" } });
    if (!updated.ok) throw new Error(updated.error);
    const second = await runCli(["eval", "p.eval.mjs", "--prompt", "cmp-prompt@prod", "--compare", oldRunId, "--markdown", "report.md"], dir, env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/prompt changed: cmp-prompt@[0-9a-f]{8} -> cmp-prompt@[0-9a-f]{8}/);
    expect(second.stdout).toContain("- Be brief.");
    expect(second.stdout).toContain("+ Be kind.");
    expect(second.stdout).toContain("  Answer {{n}}");
    const markdown = await readFile(join(dir, "report.md"), "utf8");
    expect(markdown).toMatch(/\*\*Prompt changed:\*\* `cmp-prompt@[0-9a-f]{8}` → `cmp-prompt@[0-9a-f]{8}`/);
    expect(markdown).toContain("```diff\n- Be brief.\n+ Be kind.\n  Answer {{n}}\n```");
  }, 60_000);
});
