import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServerProcess, type DevServerProcess } from "./dev-server-process";

describe("dev server JSON answers (child process)", () => {
  let server: DevServerProcess;
  beforeAll(async () => {
    server = await startDevServerProcess(["--in-memory"]);
  });
  afterAll(() => server?.kill());

  it("carry X-Content-Type-Options: nosniff on success, client errors and errors of every kind", async () => {
    const auth = { authorization: "Bearer local", "content-type": "application/json" };
    const answers = await Promise.all([
      fetch(`${server.url}/health`),
      fetch(`${server.url}/session/start`, { method: "POST", headers: auth, body: JSON.stringify({ session: { session_name: "n" } }) }),
      fetch(`${server.url}/session/start`, { method: "POST", headers: auth, body: "{not json" }),
      fetch(`${server.url}/events/export`, { method: "POST", body: "{}" }),
      fetch(`${server.url}/no/such/route`, { headers: auth }),
      fetch(`${server.url}/v1/traces`, { method: "POST", headers: { ...auth, "content-type": "application/x-protobuf" }, body: new Uint8Array() }),
    ]);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses).toEqual([200, 200, 400, 401, 404, 200]);
    for (const answer of answers) expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
    expect(answers[1]?.headers.get("content-type")).toBe("application/json; charset=utf-8");
  });
});
