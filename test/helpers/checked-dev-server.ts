/**
 * A quiet in-memory dev server behind the OpenAPI-checking proxy ({@link startSpecCheckingProxy}), started before the
 * file's tests and closed after them: the setup of every test that runs the SDK against a HoneyHive-compatible server
 * and checks each request against HoneyHive's spec. Give the SDK `proxy.url`.
 */
import { afterAll, beforeAll } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { startSpecCheckingProxy, type SpecCheckingProxy } from "./spec-checking-proxy";

/** The running pair (read inside tests or hooks, once `beforeAll` has run). */
export interface CheckedDevServer {
  readonly server: DevServer;
  readonly proxy: SpecCheckingProxy;
}

/** Registers the `beforeAll` that starts the pair and the `afterAll` that closes it; call at the top of a test file. */
export function useCheckedDevServer(): CheckedDevServer {
  let running: { server: DevServer; proxy: SpecCheckingProxy } | undefined;
  const get = () => {
    if (running === undefined) throw new Error("useCheckedDevServer(): read before its beforeAll ran");
    return running;
  };
  beforeAll(async () => {
    const server = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
    running = { server, proxy: await startSpecCheckingProxy(server.url) };
  });
  afterAll(async () => {
    await running?.proxy.close();
    await running?.server.close();
  });
  return { get server() { return get().server; }, get proxy() { return get().proxy; } };
}
