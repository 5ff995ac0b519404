import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { createHostCheck, splitHost } from "../../packages/dev-server/src/http/host-check";
import { startServer } from "./helpers";

/** A raw request with chosen headers (fetch would not let a test set `Host`). */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string; cors: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, cors: res.headers["access-control-allow-origin"] }));
    });
    req.on("error", reject);
    req.end();
  });
}

let server: DevServer;
let proxied: DevServer;
beforeAll(async () => {
  server = await startServer();
  proxied = await startServer({ allowedHosts: ["devbox.internal", "proxy.example:8443"] });
});
afterAll(async () => {
  await server.close();
  await proxied.close();
});

const auth = { authorization: "Bearer local" };

describe("Host and Origin checks (DNS rebinding, other sites)", () => {
  it("answers loopback names on the bound port", async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`, `LOCALHOST:${server.port}`]) {
      const res = await rawGet(server.port, "/v1/events", { ...auth, host });
      expect(res.status, host).toBe(200);
      expect(res.cors).toBeUndefined();
    }
  });

  it("refuses a foreign Host with 403 before authentication or routing, reading nothing", async () => {
    await rawGet(server.port, "/health", { host: `127.0.0.1:${server.port}` });
    for (const host of ["evil.example", `evil.example:${server.port}`, `localhost.evil.example:${server.port}`,
      `127.0.0.1:${server.port + 1}`, `localhost:1`, "a b", `[::1]`]) {
      for (const path of ["/v1/events", "/health", "/", "/viewer/sessions", "/nope"]) {
        const res = await rawGet(server.port, path, { ...auth, host });
        expect(res.status, `${host} ${path}`).toBe(403);
        expect(JSON.parse(res.body)).toEqual({ error: expect.stringMatching(/Host or Origin/) });
      }
    }
  });

  it("refuses a request whose Origin is another site, and accepts its own origin", async () => {
    const host = `127.0.0.1:${server.port}`;
    for (const origin of ["http://evil.example", `http://localhost:${server.port + 1}`, "null", `https://evil.example:${server.port}`, "garbage"]) {
      expect((await rawGet(server.port, "/v1/events", { ...auth, host, origin })).status, origin).toBe(403);
    }
    expect((await rawGet(server.port, "/v1/events", { ...auth, host, origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
    expect((await rawGet(server.port, "/v1/events", { ...auth, host, origin: `http://localhost:${server.port}` })).status).toBe(200);
  });

  it("accepts explicitly allowed hosts (name on any port, or name:port)", async () => {
    expect((await rawGet(proxied.port, "/v1/events", { ...auth, host: "devbox.internal" })).status).toBe(200);
    expect((await rawGet(proxied.port, "/v1/events", { ...auth, host: "devbox.internal:9999" })).status).toBe(200);
    expect((await rawGet(proxied.port, "/v1/events", { ...auth, host: "proxy.example:8443" })).status).toBe(200);
    expect((await rawGet(proxied.port, "/v1/events", { ...auth, host: "proxy.example" })).status).toBe(403);
    expect((await rawGet(proxied.port, "/v1/events", { ...auth, host: "evil.example" })).status).toBe(403);
  });

  it("rejects malformed allowedHosts at start", async () => {
    await expect(startServer({ allowedHosts: ["bad host"] })).rejects.toThrow(/allowedHosts/);
    await expect(startServer({ allowedHosts: [""] })).rejects.toThrow(/allowedHosts/);
  });
});

describe("createHostCheck", () => {
  it("parses host forms", () => {
    expect(splitHost("[::1]:80")).toEqual({ name: "::1", port: 80 });
    expect(splitHost("Example.COM.")).toEqual({ name: "example.com", port: undefined });
    expect(splitHost("a b")).toBeUndefined();
  });

  it("on a remote bind, accepts IP literals (never produced by DNS rebinding) but not unknown names", () => {
    const check = createHostCheck({ host: "0.0.0.0", remote: true });
    check.setPort(4318);
    expect(check.allowsHost("192.168.1.20:4318")).toBe(true);
    expect(check.allowsHost("[fe80::1]:4318")).toBe(true);
    expect(check.allowsHost("mybox.lan:4318")).toBe(false);
    expect(check.allowsHost("192.168.1.20:4319")).toBe(false);
    expect(check.allowsHost(undefined)).toBe(true);
  });

  it("on a loopback bind, refuses non-loopback IP literals", () => {
    const check = createHostCheck({ host: "127.0.0.1" });
    check.setPort(4318);
    expect(check.allowsHost("127.0.0.2:4318")).toBe(true);
    expect(check.allowsHost("10.0.0.1:4318")).toBe(false);
    expect(check.allowsHost("localhost")).toBe(false);
  });
});
