/**
 * The lifetime of a test file that runs `evaluate()` over real `openai` calls against the real dev server: a loopback
 * fake of OpenAI's API, the dev server (viewer included), a tracer made the README's way only to register
 * OpenInference's OpenAI instrumentation (as an eval file's setup module does), and a client of the CommonJS `openai`
 * module its require hook patches — started before the file's tests, shut down after them. Read the fields inside a
 * test (they are set by `beforeAll`).
 */
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import type { OpenAI as OpenAIClient } from "openai";
import { afterAll, beforeAll } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { requireOpenAI } from "../routing/openai-workload";
import { KEY, startViewerServer } from "../viewer/helpers/viewer-server";
import { type FakeOpenAI, type FakeOpenAIOptions, startFakeOpenAI } from "./fake-openai-server";

/** What {@link useOpenInferenceDevServer} started. */
export interface OpenInferenceDevServer {
  readonly fake: FakeOpenAI;
  readonly server: DevServer;
  /** The tracer that registered the instrumentation (session name `setup`). */
  readonly setup: HoneyHiveTracer;
  readonly client: OpenAIClient;
  /** One chat completion of `content` (gpt-4o-mini): the reply's text. */
  ask(content: string): Promise<string>;
}

/** Registers the file's `beforeAll` / `afterAll` (`fake`: the fake's options). */
export function useOpenInferenceDevServer(fake?: FakeOpenAIOptions): OpenInferenceDevServer {
  let started: Omit<OpenInferenceDevServer, "ask"> | undefined;
  beforeAll(async () => {
    const fakeOpenAI = await startFakeOpenAI(fake);
    const server = await startViewerServer();
    const setup = new HoneyHiveTracer({ apiKey: KEY, serverUrl: server.url, sessionName: "setup", instrumentations: [new OpenAIInstrumentation()] });
    const { OpenAI } = requireOpenAI();
    started = { fake: fakeOpenAI, server, setup, client: new OpenAI({ baseURL: `${fakeOpenAI.url}/v1`, apiKey: "sk-test", maxRetries: 0 }) };
  }, 60_000);
  afterAll(async () => {
    await started?.setup.shutdown();
    resetHoneyHiveGlobals();
    await started?.fake.close();
    await started?.server.close();
  });
  const get = (): Omit<OpenInferenceDevServer, "ask"> => {
    if (started === undefined) throw new Error("useOpenInferenceDevServer(): read its fields inside a test");
    return started;
  };
  return {
    get fake() { return get().fake; }, get server() { return get().server; }, get setup() { return get().setup; }, get client() { return get().client; },
    async ask(content) {
      const completion = await get().client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content }] });
      return completion.choices[0]?.message.content ?? "";
    },
  };
}
