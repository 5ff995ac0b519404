/**
 * Test helpers: start a real dev server on 127.0.0.1 port 0 and talk to it over HTTP.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDevServer, type DevServer, type DevServerOptions } from "../../packages/dev-server/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";

/** A reply: status, parsed JSON body (or undefined), content type. */
export interface Reply<T = any> {
  status: number;
  body: T;
  contentType: string;
}

/** A client bound to one API key. */
export interface Client {
  call<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  raw(method: string, path: string, body: RequestInit["body"], headers: Record<string, string>): Promise<Reply>;
}

/** A silent logger (log lines are collected for assertions). */
export function quietLogger(lines: string[] = []) {
  return createLogger({ sink: (level, message) => lines.push(`${level}: ${message}`) });
}

/** Starts an in-memory server unless options say otherwise. */
export async function startServer(options: DevServerOptions = {}): Promise<DevServer> {
  return createDevServer({ inMemory: options.dataDir === undefined, logger: quietLogger(), ...options });
}

/** A fresh temporary directory (removed by the returned cleanup). */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "hh-dev-server-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function toReply(res: Response): Promise<Reply> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body, contentType: res.headers.get("content-type") ?? "" };
}

/** A client for `server` using `key` (null = no Authorization header). */
export function client(server: { url: string }, key: string | null = "local"): Client {
  const auth: Record<string, string> = key === null ? {} : { authorization: `Bearer ${key}` };
  return {
    async call(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...auth, ...headers } };
      if (body !== undefined) {
        init.body = typeof body === "string" ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)["content-type"] ??= "application/json";
      }
      return toReply(await fetch(server.url + path, init));
    },
    async raw(method, path, body, headers) {
      return toReply(await fetch(server.url + path, { method, body, headers: { ...auth, ...headers } }));
    },
  };
}
