/**
 * Issue 44 requirement 7: `honeyhive prompts pull|push|diff` (child processes) against the real dev server behind the
 * spec-checking proxy, which counts the writes: pull writes one file per prompt and environment, pushing unchanged
 * files writes nothing, an edited file is saved once (an environment sharing a record gets its own), diff tells.
 */
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HoneyHive, createApiClient } from "../../packages/honeyhive/src/index";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { runCli } from "../evaluation/cli/cli-harness";

const KEY = "hh_prompt_files";
const checked = useCheckedDevServer();

const writes = (): number => checked.proxy.requests.filter((r) => r.url.startsWith("/v1/configurations") && r.method !== "GET").length;

describe("honeyhive prompts pull | push | diff", () => {
  it("round-trips prompts through files, idempotently", async () => {
    const api = createApiClient({ apiKey: KEY, serverUrl: checked.proxy.url });
    const created = await api.configurations.create({ name: "greet", provider: "openai", env: ["prod", "staging"], parameters: { call_type: "chat", model: "m", template: [{ role: "user", content: "Hello {{who}}" }] } });
    if (!created.ok) throw new Error(created.error);
    const dir = await mkdtemp(join(tmpdir(), "hh-prompts-"));
    const env = { HH_API_URL: checked.proxy.url, HH_API_KEY: KEY };
    const cli = (...args: string[]) => runCli(["prompts", ...args], dir, env);

    const pulled = await cli("pull");
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toBe("greet@prod: written\ngreet@staging: written\n");
    expect((await readdir(join(dir, "prompts"))).sort()).toEqual(["greet.prod.json", "greet.staging.json"]);
    const prodFile = join(dir, "prompts", "greet.prod.json");
    const file = JSON.parse(await readFile(prodFile, "utf8")) as { version: string; parameters: { template: { content: string }[] } };
    expect(file.version).toBe((await new HoneyHive({ apiKey: KEY, serverUrl: checked.server.url }).getPrompt("greet")).version);
    expect((await cli("pull")).stdout).toBe("greet@prod: unchanged\ngreet@staging: unchanged\n");

    const before = writes();
    const pushed = await cli("push");
    expect(pushed.stdout).toBe("greet@prod: unchanged\ngreet@staging: unchanged\n");
    expect(writes()).toBe(before); // nothing written
    const same = await cli("diff");
    expect([same.code, same.stdout]).toEqual([0, "no differences\n"]);

    file.parameters.template[0]!.content = "Hi {{who}}!";
    await writeFile(prodFile, JSON.stringify(file, null, 2));
    const differs = await cli("diff");
    expect(differs.code).toBe(1);
    expect(differs.stdout).toContain("greet@prod: differs (- server, + file)");
    expect(differs.stdout).toContain('- "content": "Hello {{who}}"');
    expect(differs.stdout).toContain('+ "content": "Hi {{who}}!"');
    const saved = await cli("push");
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toBe("greet@prod: updated (now its own record; staging unchanged)\ngreet@staging: unchanged\n");
    const hh = new HoneyHive({ apiKey: KEY, serverUrl: checked.server.url });
    expect((await hh.getPrompt("greet", { env: "prod" })).compile({ who: "Ann" })).toEqual([{ role: "user", content: "Hi Ann!" }]);
    expect((await hh.getPrompt("greet", { env: "staging" })).compile({ who: "Ann" })).toEqual([{ role: "user", content: "Hello Ann" }]);
    const afterEdit = writes();
    expect((await cli("push")).stdout).toBe("greet@prod: unchanged\ngreet@staging: unchanged\n");
    expect(writes()).toBe(afterEdit);
    expect((await cli("diff")).code).toBe(0);
    expect(checked.proxy.violations().filter((v) => !/deprecated$/.test(v))).toEqual([]);
  }, 90_000);

  it("usage errors exit 2", async () => {
    const run = await runCli(["prompts", "sync"], tmpdir(), { HH_API_KEY: KEY, HH_API_URL: checked.proxy.url });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("give pull, push or diff");
  });
});
