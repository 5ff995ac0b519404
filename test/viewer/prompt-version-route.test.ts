// The viewer's prompt-version route (`GET /viewer/prompts/:id/versions/:version`): a version's canonical content as
// the configuration history saved it, its version the one the SDK's getPrompt() computes, per API key (another key's
// prompt is a 404, no key a 401), an unknown version a 404; and core's diff of two versions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { HoneyHive, createApiClient } from "../../packages/honeyhive/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { promptContentDiff } from "../../packages/core/src/prompts/prompt-content-diff";
import { call, KEY, startViewerServer } from "./helpers/viewer-server";

let server: DevServer;
let id = "";
const versions: string[] = [];
const quiet = createLogger({ sink: () => undefined });

async function currentVersion(): Promise<string> {
  const prompt = await new HoneyHive({ apiKey: KEY, serverUrl: server.url, logger: quiet, promptCacheDir: undefined }).getPrompt("route-prompt", { ttlMs: 0 });
  return prompt.version;
}

beforeAll(async () => {
  server = await startViewerServer();
  const api = createApiClient({ apiKey: KEY, serverUrl: server.url });
  const created = await api.configurations.create({ name: "route-prompt", provider: "openai", env: ["prod"], parameters: {
    call_type: "chat", model: "gpt-4o-mini", hyperparameters: { temperature: 0.2 }, template: [{ role: "system", content: "Be terse." }, { role: "user", content: "{{q}}" }],
  } });
  if (!created.ok) throw new Error(created.error);
  id = created.data.insertedId;
  versions.push(await currentVersion());
  const updated = await api.configurations.update(id, { name: "route-prompt", parameters: {
    call_type: "chat", model: "gpt-4o", hyperparameters: { temperature: 0.2, top_p: 0.9 }, template: [{ role: "system", content: "Be terse and kind." }, { role: "user", content: "{{q}}" }],
  } });
  if (!updated.ok) throw new Error(updated.error);
  versions.push(await currentVersion());
}, 60_000);
afterAll(async () => {
  await server?.close();
});

describe("GET /viewer/prompts/:id/versions/:version", () => {
  it("answers each version's content, under the version getPrompt() computed", async () => {
    const [first, second] = await Promise.all(versions.map((v) => call(server, "GET", `/viewer/prompts/${id}/versions/${v}`)));
    expect(first!.body).toMatchObject({ prompt: { id, name: "route-prompt" }, version: versions[0], env: ["prod"], content: {
      provider: "openai", model: "gpt-4o-mini", hyperparameters: { temperature: 0.2 }, tools: [], response_format: null,
      template: [{ role: "system", content: "Be terse." }, { role: "user", content: "{{q}}" }],
    } });
    expect(second!.body.content).toMatchObject({ model: "gpt-4o", hyperparameters: { temperature: 0.2, top_p: 0.9 } });
    const diff = promptContentDiff(first!.body.content, second!.body.content);
    expect(diff.fields).toEqual([{ field: "model", before: "gpt-4o-mini", after: "gpt-4o" }, { field: "hyperparameters.top_p", after: 0.9 }]);
    expect(diff.template?.filter((l) => l.kind !== "same")).toEqual([{ kind: "del", text: "Be terse." }, { kind: "add", text: "Be terse and kind." }]);
  });

  it("keeps each key's prompts to itself, and answers 404 for a version the prompt never had", async () => {
    const path = `/viewer/prompts/${id}/versions/${versions[0]}`;
    expect((await call(server, "GET", path, undefined, { key: "hh_other_key", allowError: true })).status).toBe(404);
    expect((await call(server, "GET", path, undefined, { key: null, allowError: true })).status).toBe(401);
    expect((await call(server, "GET", `/viewer/prompts/${id}/versions/0000000000000000`, undefined, { allowError: true })).status).toBe(404);
  });
});
