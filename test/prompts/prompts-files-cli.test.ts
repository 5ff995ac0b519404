/**
 * Issue 44 requirement 7: `honeyhive prompts pull|push|diff` (child processes) against the real dev server behind the
 * spec-checking proxy, which counts the writes: pull writes one file per prompt and environment, pushing unchanged
 * files writes nothing, an edited file is saved once (an environment sharing a record gets its own), diff tells.
 */
import { mkdir, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HoneyHive, createApiClient } from "../../packages/honeyhive/src/index";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { runCli } from "../evaluation/cli/cli-harness";
import { startFaultProxy } from "../helpers/fault-proxy";

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

  it("a failed write: push prints each file the server acknowledged, names the failed one, exits 1; run again, it writes the rest", async () => {
    const api = createApiClient({ apiKey: KEY, serverUrl: checked.proxy.url });
    for (const name of ["ack-a", "ack-b"]) {
      const made = await api.configurations.create({ name, provider: "openai", env: ["prod"], parameters: { call_type: "chat", model: "m", template: [{ role: "user", content: `${name} {{x}}` }] } });
      if (!made.ok) throw new Error(made.error);
    }
    const dir = await mkdtemp(join(tmpdir(), "hh-prompts-ack-"));
    const faults = await startFaultProxy(checked.proxy.url, (r) => (r.method !== "GET" && JSON.stringify(r.json ?? null).includes('"ack-b"') ? { kind: "refuse", status: 500 } : undefined));
    try {
      for (const name of ["ack-a", "ack-b"]) expect((await runCli(["prompts", "pull", "--name", name], dir, { HH_API_URL: checked.proxy.url, HH_API_KEY: KEY })).code).toBe(0);
      for (const name of ["ack-a", "ack-b"]) {
        const path = join(dir, "prompts", `${name}.prod.json`);
        await writeFile(path, (await readFile(path, "utf8")).replace(`${name} {{x}}`, `${name} edited {{x}}`));
      }
      const failed = await runCli(["prompts", "push"], dir, { HH_API_URL: faults.url, HH_API_KEY: KEY });
      expect(failed.code).toBe(1);
      expect(failed.stdout).toBe("ack-a@prod: updated\n"); // acknowledged before ack-b failed
      expect(failed.stderr).toMatch(/ack-b@prod: .*HTTP 500/);
      const hh = new HoneyHive({ apiKey: KEY, serverUrl: checked.server.url });
      expect((await hh.getPrompt("ack-a")).compile({ x: 1 })).toEqual([{ role: "user", content: "ack-a edited 1" }]);
      expect((await hh.getPrompt("ack-b")).compile({ x: 1 })).toEqual([{ role: "user", content: "ack-b 1" }]);
      faults.setRule(undefined);
      const again = await runCli(["prompts", "push"], dir, { HH_API_URL: faults.url, HH_API_KEY: KEY });
      expect([again.code, again.stdout]).toEqual([0, "ack-a@prod: unchanged\nack-b@prod: updated\n"]);
    } finally {
      await faults.close();
    }
  });

  it("the guide's example file is pushed as written (call_type defaults to chat), and pulled back to the same file", async () => {
    const key = "hh_prompt_files_example";
    const page = await readFile(join(__dirname, "../../docs/guide/prompts.md"), "utf8");
    const example = /<!-- prompt-file-example -->\n```json\n([\s\S]*?)\n```/.exec(page)![1]!;
    expect(JSON.parse(example).parameters.call_type).toBeUndefined();
    const dir = await mkdtemp(join(tmpdir(), "hh-prompts-example-"));
    await mkdir(join(dir, "prompts"));
    await writeFile(join(dir, "prompts", "support-answer.prod.json"), example);
    const env = { HH_API_URL: checked.proxy.url, HH_API_KEY: key };
    const pushed = await runCli(["prompts", "push"], dir, env);
    expect([pushed.code, pushed.stdout, pushed.stderr]).toEqual([0, "support-answer@prod: created\n", ""]);
    const prompt = await new HoneyHive({ apiKey: key, serverUrl: checked.server.url }).getPrompt("support-answer");
    expect(prompt.compile({ question: "Where is my order?" })).toEqual([
      { role: "system", content: "You answer questions about orders. Be brief." }, { role: "user", content: "Where is my order?" },
    ]);
    const pulledDir = await mkdtemp(join(tmpdir(), "hh-prompts-example-pull-"));
    expect((await runCli(["prompts", "pull"], pulledDir, env)).code).toBe(0);
    const pulled = JSON.parse(await readFile(join(pulledDir, "prompts", "support-answer.prod.json"), "utf8"));
    expect(pulled).toEqual({ ...JSON.parse(example), version: prompt.version, parameters: { ...JSON.parse(example).parameters, call_type: "chat" } });
    expect((await runCli(["prompts", "diff"], dir, env)).code).toBe(0);
  }, 60_000);

  it("names that map to one file elsewhere get a file each: a/b and a_b (and %, a leading dot) round-trip", async () => {
    const key = "hh_prompt_files_names";
    const api = createApiClient({ apiKey: key, serverUrl: checked.proxy.url });
    const names = ["a/b", "a_b", "a%2Fb", ".hidden", "café ✓"];
    for (const [i, name] of names.entries()) {
      const created = await api.configurations.create({ name, provider: "openai", env: ["prod"], parameters: { call_type: "chat", model: "m", template: `prompt ${i}` } });
      if (!created.ok) throw new Error(created.error);
    }
    const dir = await mkdtemp(join(tmpdir(), "hh-prompts-names-"));
    const env = { HH_API_URL: checked.proxy.url, HH_API_KEY: key };
    const pulled = await runCli(["prompts", "pull"], dir, env);
    expect(pulled.code, pulled.stderr).toBe(0);
    const files = (await readdir(join(dir, "prompts"))).sort();
    expect(files).toHaveLength(names.length);
    expect(files).toEqual(["%2Ehidden.prod.json", "a%252Fb.prod.json", "a%2Fb.prod.json", "a_b.prod.json", "caf%C3%A9%20%E2%9C%93.prod.json"]);
    const contents = await Promise.all(files.map(async (f) => JSON.parse(await readFile(join(dir, "prompts", f), "utf8")) as { name: string; parameters: { template: string } }));
    expect(Object.fromEntries(contents.map((c) => [c.name, c.parameters.template]))).toEqual(Object.fromEntries(names.map((name, i) => [name, `prompt ${i}`])));
    const before = writes();
    const pushed = await runCli(["prompts", "push"], dir, env);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(writes()).toBe(before);
  }, 60_000);

  it("push refuses two files of one prompt and environment; pull refuses names that differ only in case, writing nothing", async () => {
    const key = "hh_prompt_files_refusals";
    const dir = await mkdtemp(join(tmpdir(), "hh-prompts-refuse-"));
    await mkdir(join(dir, "prompts"));
    const body = (template: string) => JSON.stringify({ name: "a/b", env: "prod", provider: "openai", parameters: { model: "m", template } });
    await writeFile(join(dir, "prompts", "a_b.prod.json"), body("old file name"));
    await writeFile(join(dir, "prompts", "a%2Fb.prod.json"), body("new file name"));
    const env = { HH_API_URL: checked.proxy.url, HH_API_KEY: key };
    const before = writes();
    const pushed = await runCli(["prompts", "push"], dir, env);
    expect(pushed.code).toBe(1);
    expect(pushed.stderr).toMatch(/a%2Fb\.prod\.json and .*a_b\.prod\.json both hold prompt "a\/b" in env "prod"; keep one/);
    expect(writes()).toBe(before);

    const api = createApiClient({ apiKey: key, serverUrl: checked.proxy.url });
    for (const name of ["Support", "support"]) await api.configurations.create({ name, provider: "openai", env: ["prod"], parameters: { call_type: "chat", model: "m" } });
    const empty = await mkdtemp(join(tmpdir(), "hh-prompts-case-"));
    const pulled = await runCli(["prompts", "pull"], empty, env);
    expect(pulled.code).toBe(1);
    expect(pulled.stderr).toMatch(/would share a file on a case-insensitive file system/);
    expect(await readdir(empty)).toEqual([]);
  }, 60_000);

  it("a folder that cannot be read and a --name the server does not hold exit 2 naming them; an empty folder says so", async () => {
    const env = { HH_API_URL: checked.proxy.url, HH_API_KEY: "hh_prompt_files_input" };
    const api = createApiClient({ apiKey: env.HH_API_KEY, serverUrl: checked.proxy.url });
    const created = await api.configurations.create({ name: "support-answer", provider: "openai", env: ["dev"], parameters: { call_type: "chat", model: "m", template: [{ role: "user", content: "hi {{q}}" }] } });
    if (!created.ok) throw new Error(created.error);
    const dir = await mkdtemp(join(tmpdir(), "hh-prompts-input-"));
    const cli = (...args: string[]) => runCli(["prompts", ...args], dir, env);
    const before = writes();
    const push = await cli("push", "--dir", "promtps");
    expect([push.code, push.stdout]).toEqual([2, ""]);
    expect(push.stderr).toContain('cannot read the folder "promtps" (ENOENT)');
    const diff = await cli("diff", "--dir", "promtps");
    expect(diff.code).toBe(2);
    const pull = await cli("pull", "--name", "support-answr");
    expect([pull.code, pull.stdout]).toEqual([2, ""]);
    expect(pull.stderr).toContain('the server holds no prompt named "support-answr"');
    expect(await readdir(dir)).toEqual([]);
    await mkdir(join(dir, "empty"));
    const empty = await cli("push", "--dir", "empty");
    expect([empty.code, empty.stdout]).toEqual([0, "no prompt files (*.json) in empty: nothing to push\n"]);
    expect(writes()).toBe(before);
    const right = await cli("pull", "--name", "support-answer");
    expect([right.code, right.stdout]).toEqual([0, "support-answer@dev: written\n"]);
  }, 60_000);

  it("usage errors exit 2", async () => {
    const run = await runCli(["prompts", "sync"], tmpdir(), { HH_API_KEY: KEY, HH_API_URL: checked.proxy.url });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("give pull, push or diff");
  });
});
