// The `configurations` API group (HoneyHive's prompts) against the real dev server: the never-throwing client's requests
// checked against the OpenAPI spec, the 1.x `HoneyHive` calls in their argument orders, the dev server's filters, its
// per-key isolation, its 4xx answers and the history of saved contents.
import { beforeAll, describe, expect, it } from "vitest";
import { HoneyHive, createApiClient, type ApiClient } from "../../packages/honeyhive/src/index";
import { useCheckedDevServer } from "../helpers/checked-dev-server";

const checked = useCheckedDevServer();
let api: ApiClient;
let hh: HoneyHive;

/**
 * The spec marks every `/v1/configurations` operation deprecated, yet HoneyHive has no other route for prompts: that
 * one problem is expected here; every other (path, query, body) is still a violation.
 */
function violations(): string[] {
  return checked.proxy.violations().filter((v) => !/\/v1\/configurations\S*: \S+ \S+ \(\w+Configurations?\) is deprecated$/.test(v));
}

const parameters = {
  call_type: "chat" as const,
  model: "gpt-4o-mini",
  hyperparameters: { temperature: 0.2 },
  template: [{ role: "system", content: "You answer {{topic}} questions." }, { role: "user", content: "{{question}}" }],
};

beforeAll(() => {
  api = createApiClient({ apiKey: "hh_configurations_key", serverUrl: checked.proxy.url });
  hh = new HoneyHive({ bearerAuth: "hh_configurations_key", serverURL: checked.proxy.url });
});

describe("configurations", () => {
  it("list, create, update and delete send requests the spec accepts and read back what was saved", async () => {
    const created = await api.configurations.create({ name: "qa", provider: "openai", parameters, env: ["prod", "dev"], tags: ["support"] });
    expect(created.ok).toBe(true);
    const id = created.ok ? created.data.insertedId : "";
    const listed = await api.configurations.list({ name: "qa", env: "prod", tags: "support" });
    expect(listed.ok && listed.data.configurations.map((c) => [c.id, c.name, c.provider, c.env, c.parameters.model])).toEqual([
      [id, "qa", "openai", ["prod", "dev"], "gpt-4o-mini"],
    ]);
    expect(await api.configurations.list({ env: "staging" })).toMatchObject({ ok: true, data: { configurations: [] } });
    const updated = await api.configurations.update(id, { name: "qa", parameters: { ...parameters, model: "gpt-4o" }, env: ["staging"] });
    expect(updated).toMatchObject({ ok: true, data: { acknowledged: true, matchedCount: 1 } });
    const after = await api.configurations.list({ name: "qa" });
    expect(after.ok && after.data.configurations.map((c) => [c.parameters.model, c.env])).toEqual([["gpt-4o", ["staging"]]]);
    expect(await api.configurations.delete(id)).toMatchObject({ ok: true, data: { acknowledged: true, deletedCount: 1 } });
    expect(await api.configurations.list({ name: "qa" })).toMatchObject({ ok: true, data: { configurations: [] } });
    expect(violations()).toEqual([]);
    expect(checked.proxy.operations()).toEqual(expect.objectContaining(new Set(["getConfigurations", "createConfiguration", "updateConfiguration", "deleteConfiguration"])));
  });

  it("the 1.x calls: getConfigurations(project, env, name), createConfiguration, updateConfiguration both orders, deleteConfiguration", async () => {
    const created = await hh.configurations.createConfiguration({ name: "legacy", provider: "anthropic", parameters, env: ["dev"], userProperties: { owner: "me" } });
    const id = String(created.insertedId);
    const byPosition = await hh.configurations.getConfigurations("my-project", "dev", "legacy");
    expect(byPosition.map((c) => [c.id, c.user_properties, c.userProperties])).toEqual([[id, { owner: "me" }, { owner: "me" }]]);
    expect(await hh.configurations.getConfigurations("my-project", "prod", "legacy")).toEqual([]);
    await hh.configurations.updateConfiguration(id, { name: "legacy", env: ["prod"] });
    await hh.configurations.updateConfiguration({ name: "legacy", provider: "openai" }, id);
    const object = await hh.configurations.getConfigurations({ name: "legacy", env: "prod" });
    expect(object.map((c) => c.provider)).toEqual(["openai"]);
    expect(await hh.configurations.deleteConfiguration(id)).toMatchObject({ deletedCount: 1 });
    await expect(hh.configurations.deleteConfiguration(id)).rejects.toThrow(/404/);
    expect(violations()).toEqual([]);
  });

  it("each API key sees only its own configurations", async () => {
    const other = createApiClient({ apiKey: "hh_configurations_other_key", serverUrl: checked.proxy.url });
    const mine = await api.configurations.create({ name: "private", provider: "openai", parameters, env: ["prod"] });
    const id = mine.ok ? mine.data.insertedId : "";
    expect(await other.configurations.list({ name: "private" })).toMatchObject({ ok: true, data: { configurations: [] } });
    expect(await other.configurations.update(id, { name: "stolen" })).toMatchObject({ ok: false, status: 404 });
    expect(await other.configurations.delete(id)).toMatchObject({ ok: false, status: 404 });
    const still = await api.configurations.list({ name: "private" });
    expect(still.ok && still.data.configurations.map((c) => c.id)).toEqual([id]);
  });

  it("bad bodies and filters get a 400 naming what is wrong", async () => {
    const post = (body: unknown) =>
      fetch(`${checked.server.url}/v1/configurations`, { method: "POST", headers: { Authorization: "Bearer hh_configurations_key", "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const cases: [unknown, RegExp][] = [
      [[], /object/],
      [{ provider: "openai", parameters }, /"name" is required/],
      [{ name: "x", parameters }, /"provider"/],
      [{ name: "x", provider: "openai" }, /"parameters" is required/],
      [{ name: "x", provider: "openai", parameters: { ...parameters, call_type: "voice" } }, /call_type/],
      [{ name: "x", provider: "openai", parameters: { ...parameters, template: [{ role: "user" }] } }, /template/],
      [{ name: "x", provider: "openai", parameters, env: ["production"] }, /"env" items/],
      [{ name: "x", provider: "openai", parameters, tag: ["a"] }, /unknown field "tag" \(did you mean "tags"\?\)/],
    ];
    for (const [body, message] of cases) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(message);
    }
    const badEnv = await fetch(`${checked.server.url}/v1/configurations?env=live`, { headers: { Authorization: "Bearer hh_configurations_key" } });
    expect(badEnv.status).toBe(400);
  });

  it("keeps every saved content with its time and version (GET /v1/configurations/{id}/versions)", async () => {
    const created = await api.configurations.create({ name: "history", provider: "openai", parameters, env: ["prod"] });
    const id = created.ok ? created.data.insertedId : "";
    await api.configurations.update(id, { name: "history", tags: ["only-tags-changed"] });
    await api.configurations.update(id, { name: "history", parameters: { ...parameters, hyperparameters: { temperature: 0.9 } } });
    await api.configurations.update(id, { name: "history", env: ["prod", "staging"] });
    const response = await fetch(`${checked.server.url}/v1/configurations/${id}/versions`, { headers: { Authorization: "Bearer hh_configurations_key" } });
    const body = (await response.json()) as { versions: { version: string; env: string[]; saved_at: string; parameters: { hyperparameters: unknown } }[] };
    expect(body.versions.map((v) => [v.env, v.parameters.hyperparameters])).toEqual([
      [["prod"], { temperature: 0.2 }],
      [["prod"], { temperature: 0.9 }],
      [["prod", "staging"], { temperature: 0.9 }],
    ]);
    const [first, second, third] = body.versions.map((v) => v.version);
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(second).not.toBe(first);
    expect(third).toBe(second);
    const other = await fetch(`${checked.server.url}/v1/configurations/${id}/versions`, { headers: { Authorization: "Bearer hh_configurations_other_key" } });
    expect(other.status).toBe(404);
  });
});
