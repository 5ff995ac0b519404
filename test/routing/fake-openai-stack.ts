/**
 * The lifetime of a routing test file that calls OpenAI: a loopback fake of its API, the real dev server the
 * evaluations run against, and a real `openai` client calling the fake — started before the file's tests, closed
 * after them. Read the fields inside a test (they are set by `beforeAll`).
 */
import OpenAI from "openai";
import { afterAll, beforeAll } from "vitest";
import { type FakeOpenAI, type FakeOpenAIOptions, startFakeOpenAI } from "../helpers/fake-openai-server";
import { type StackBackend, startStackBackend } from "./evaluate-stack";

/** What {@link useFakeOpenAIStack} started. */
export interface FakeOpenAIStack<C = OpenAI> {
  readonly fake: FakeOpenAI;
  readonly backend: StackBackend;
  readonly client: C;
}

/** How {@link useFakeOpenAIStack} starts the fake and makes the client. */
export interface FakeOpenAIStackOptions<C> {
  /** The fake's options. */
  readonly fake?: FakeOpenAIOptions;
  /**
   * Makes the client calling the fake at `baseURL`, once the fake and the backend are up (the place to set up a tracer
   * and its instrumentation before the client's module is loaded). Default: the `openai` module's client.
   */
  readonly client?: (baseURL: string) => C;
}

/** A client calling the fake: no key of ours, no retries (a failed call shows). */
export const FAKE_CLIENT_OPTIONS = { apiKey: "sk-test", maxRetries: 0 } as const;

/** Registers the file's `beforeAll` / `afterAll` for the fake, the backend and the client. */
export function useFakeOpenAIStack<C = OpenAI>(options: FakeOpenAIStackOptions<C> = {}): FakeOpenAIStack<C> {
  let started: FakeOpenAIStack<C> | undefined;
  const client = options.client ?? ((baseURL: string) => new OpenAI({ baseURL, ...FAKE_CLIENT_OPTIONS }) as C);
  beforeAll(async () => {
    const fake = await startFakeOpenAI(options.fake);
    const backend = await startStackBackend();
    started = { fake, backend, client: client(`${fake.url}/v1`) };
  });
  afterAll(async () => {
    await started?.fake.close();
    await started?.backend.close();
  });
  const get = (): FakeOpenAIStack<C> => {
    if (started === undefined) throw new Error("useFakeOpenAIStack(): read its fields inside a test");
    return started;
  };
  return { get fake() { return get().fake; }, get backend() { return get().backend; }, get client() { return get().client; } };
}
