// Tools and projects, the 1.x groups the current spec dropped, against the real dev server behind the spec-checking
// proxy (whose allow-list names these routes: their requests are recorded as `unspecced: …`, no other route may
// be missing from the spec). Tools fall back to the 1.x client's `/tools` on a server without `/v1/tools`.
import { afterAll, describe, expect, it } from "vitest";
import { HoneyHive, createApiClient } from "../../packages/honeyhive/src/index";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { startForwardingProxy, type ForwardingProxy } from "../helpers/forwarding-proxy";
import { client } from "../dev-server/helpers";

const checked = useCheckedDevServer();
const proxies: ForwardingProxy[] = [];
afterAll(() => Promise.all(proxies.map((p) => p.close())));

const weather = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };

describe("tools: /v1/tools", () => {
  it("getTools, createTool, updateTool and deleteTool in 1.x's forms", async () => {
    const hh = new HoneyHive({ bearerAuth: "hh_tools_key", serverURL: checked.proxy.url });
    const created = await hh.tools.createTool({ task: "my project", name: "get_weather", parameters: weather, type: "function" });
    const id = String((created.result as { insertedId: string }).insertedId);
    await hh.tools.createTool({ name: "search", parameters: { type: "object" }, description: "web search" });
    expect((await hh.tools.getTools()).map((t) => [t.name, t.tool_type])).toEqual([["get_weather", "function"], ["search", "function"]]);
    await hh.tools.updateTool({ id, name: "get_weather", description: "the weather now", parameters: { ...weather, required: [] } });
    const [tool] = (await hh.tools.getTools()).filter((t) => t.id === id);
    expect(tool).toMatchObject({ name: "get_weather", description: "the weather now", parameters: { required: [] }, toolType: "function" });
    await hh.tools.deleteTool(id);
    expect((await hh.tools.getTools()).map((t) => t.name)).toEqual(["search"]);
    await expect(hh.tools.deleteTool(id)).rejects.toMatchObject({ status: 404 });
    expect(checked.proxy.violations()).toEqual([]);
    expect([...checked.proxy.operations()]).toEqual(
      expect.arrayContaining(["unspecced: POST /v1/tools", "unspecced: GET /v1/tools", "unspecced: PUT /v1/tools", "unspecced: DELETE /v1/tools"]),
    );
  });

  it("a server without /v1/tools: the client uses 1.x's /tools from then on", async () => {
    const seen: string[] = [];
    const proxy = await startForwardingProxy(checked.server.url, (req) => {
      seen.push(`${req.method} ${req.url}`);
      return req.url?.startsWith("/v1/tools") ? { reply: { status: 404, body: JSON.stringify({ error: "no route" }) } } : undefined;
    });
    proxies.push(proxy);
    const api = createApiClient({ apiKey: "hh_tools_legacy_key", serverUrl: proxy.url });
    const created = await api.tools.create({ name: "calc", parameters: { type: "object" } });
    expect(created.ok).toBe(true);
    const listed = await api.tools.list();
    expect(listed.ok && listed.data.map((t) => t.name)).toEqual(["calc"]);
    expect(seen).toEqual(["POST /v1/tools", "POST /tools", "GET /v1/tools", "GET /tools"]);
    expect((await api.tools.list()).ok).toBe(true);
    expect(seen.slice(4)).toEqual(["GET /tools"]);
  });

  it("malformed tool bodies get a 400 naming the field", async () => {
    const raw = client(checked.server, "hh_tools_key");
    expect((await raw.call("POST", "/v1/tools", { name: "x" })).body.error).toContain(`"parameters" is required`);
    expect((await raw.call("POST", "/v1/tools", { name: "x", parameters: [] })).body.error).toContain(`"parameters" must be an object`);
    expect((await raw.call("PUT", "/v1/tools", { name: "x" })).body.error).toContain(`"id" is required`);
    expect((await raw.call("DELETE", "/v1/tools")).status).toBe(400);
  });
});

describe("projects: /v1/projects (each API key is one project on the dev server)", () => {
  it("getProjects lists the key's project; createProject and updateProject name and describe it; deleteProject is refused", async () => {
    const hh = new HoneyHive({ bearerAuth: "hh_projects_key", serverURL: checked.proxy.url });
    const [own] = await hh.projects.getProjects();
    expect(own).toMatchObject({ name: expect.any(String), org_id: expect.any(String), type: "evaluation" });
    const created = await hh.projects.createProject({ name: "support bot", description: "answers tickets" });
    expect(created).toMatchObject({ id: own!.id, name: "support bot", description: "answers tickets" });
    expect((await hh.projects.getProjects("support bot")).map((p) => p.id)).toEqual([own!.id]);
    expect(await hh.projects.getProjects("another")).toEqual([]);
    await hh.projects.updateProject({ projectId: own!.id, name: "support bot v2", description: "v2" });
    expect(await hh.projects.getProjects()).toEqual([expect.objectContaining({ id: own!.id, name: "support bot v2", description: "v2" })]);
    await hh.projects.updateProject({ name: "support bot v2", new_name: "bot" });
    expect((await hh.projects.getProjects())[0]!.name).toBe("bot");
    await expect(hh.projects.updateProject({ name: "not mine", new_name: "x" })).rejects.toMatchObject({ status: 404 });
    await expect(hh.projects.deleteProject("bot")).rejects.toMatchObject({ status: 409, message: expect.stringContaining("each API key belongs to one project") });
    expect(checked.proxy.violations()).toEqual([]);
  });
});
