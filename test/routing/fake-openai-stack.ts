/**
 * The lifetime of a routing test file that calls OpenAI: a loopback fake of its API, the real dev server the
 * evaluations run against, and a real `openai` client calling the fake — started before the file's tests, closed
 * after them. Read the fields inside a test (they are set by `beforeAll`).
 */
import OpenAI from "openai";
import { afterAll, beforeAll } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { type StackBackend, startStackBackend } from "./evaluate-stack";

/** What {@link useFakeOpenAIStack} started. */
export interface FakeOpenAIStack {
  readonly fake: FakeOpenAI;
  readonly backend: StackBackend;
  readonly client: OpenAI;
}

/** Registers the file's `beforeAll` / `afterAll` for the fake, the backend and the client. */
export function useFakeOpenAIStack(): FakeOpenAIStack {
  let started: FakeOpenAIStack | undefined;
  beforeAll(async () => {
    const fake = await startFakeOpenAI();
    const backend = await startStackBackend();
    started = { fake, backend, client: new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 }) };
  });
  afterAll(async () => {
    await started?.fake.close();
    await started?.backend.close();
  });
  const get = (): FakeOpenAIStack => {
    if (started === undefined) throw new Error("useFakeOpenAIStack(): read its fields inside a test");
    return started;
  };
  return { get fake() { return get().fake; }, get backend() { return get().backend; }, get client() { return get().client; } };
}
