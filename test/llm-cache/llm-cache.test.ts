/**
 * The record/replay cache on its own: options and `HH_*` env, keys, what is and is not stored, hostile stored data
 * and ids. Calls run inside a test tracer's span with a datapoint id (as evaluate() runs a datapoint), against a
 * loopback fake OpenAI server through the real `openai` client or plain fetch.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { OpenAI } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inStrictMode, sdkWarnings } from "../helpers/option-rule";
import { createLlmCache, fileCacheStore, memoryCacheStore } from "../../packages/honeyhive/src/index";
import { datapointDirName } from "../../packages/honeyhive/src/llm-cache/file-store";
import { describeRequest, requestKey } from "../../packages/honeyhive/src/llm-cache/request-key";
import { captureSdkLogs, createTestTracer } from "../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";

let fake: FakeOpenAI;
let dir: string;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  dir = mkdtempSync(join(tmpdir(), "hh-llm-cache-unit-"));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `fn` as evaluate() runs a datapoint's function: inside a span of a tracer carrying the datapoint id. */
function inDatapoint<T>(datapointId: string, fn: () => Promise<T>): Promise<T> {
  const { tracer } = createTestTracer({ datapointId, runId: "run-1", datasetId: "EXT-dataset" });
  return tracer.startSpan("datapoint", () => fn());
}

const chat = (client: OpenAI, content: string) => client.chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content }] });

describe("createLlmCache options", () => {
  it("mode: option > HH_LLM_CACHE > off; dir: option > HH_LLM_CACHE_DIR > .honeyhive/llm-cache", () => {
    expect(createLlmCache({ env: {} }).mode).toBe("off");
    expect(createLlmCache({ env: { HH_LLM_CACHE: "Replay" } }).mode).toBe("replay");
    expect(createLlmCache({ mode: "auto", env: { HH_LLM_CACHE: "replay" } }).mode).toBe("auto");
    expect(createLlmCache({ env: {} }).location).toBe(resolve(".honeyhive/llm-cache"));
    expect(createLlmCache({ env: { HH_LLM_CACHE_DIR: dir } }).location).toBe(dir);
    expect(createLlmCache({ dir: "x", store: memoryCacheStore() }).location).toBe("memory");
  });

  it("bad options and env values are errors naming the option (an unknown key only in strict mode)", async () => {
    expect(() => createLlmCache({ env: { HH_LLM_CACHE: "sometimes" } })).toThrow(/HH_LLM_CACHE must be one of record, replay, auto, off; got "sometimes"/);
    expect(() => createLlmCache({ mode: "rec" as never })).toThrow(/mode must be one of/);
    await inStrictMode(() => expect(() => createLlmCache({ mdoe: "record" } as never)).toThrow(/unknown option "mdoe" \(did you mean "mode"\?\)/));
    const { warnings } = await sdkWarnings(() => createLlmCache({ mdoe: "record", env: {} } as never));
    expect(warnings).toContain('createLlmCache: unknown option "mdoe" (did you mean "mode"?); ignored');
    expect(() => createLlmCache({ store: {} as never })).toThrow(/store must have read\(\) and write\(\)/);
  });
});

describe("request keys", () => {
  it("ignore object key order, headers, scheme, host and port; differ by body, path and query", async () => {
    const key = async (url: string, body: string, headers: Record<string, string> = {}) => requestKey((await describeRequest(url, { method: "POST", body, headers })) as never);
    const base = await key("http://127.0.0.1:1/v1/chat?b=2&a=1", '{"model":"m","messages":[1]}', { authorization: "Bearer sk-1" });
    expect(await key("https://api.example.com/v1/chat?a=1&b=2", '{"messages":[1],"model":"m"}', { authorization: "Bearer sk-2" })).toBe(base);
    expect(await key("http://127.0.0.1:1/v1/chat?a=1&b=2", '{"model":"m","messages":[2]}')).not.toBe(base);
    expect(await key("http://127.0.0.1:1/v1/other?a=1&b=2", '{"model":"m","messages":[1]}')).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });

  it("read a Request input through a clone and byte bodies as text", async () => {
    const request = new Request("http://h/v1/x", { method: "POST", body: '{"a":1}' });
    expect(await describeRequest(request, undefined)).toEqual({ method: "POST", path: "/v1/x", body: { a: 1 } });
    expect(await request.text()).toBe('{"a":1}'); // the caller's request is untouched
    expect(await describeRequest("http://h/p", { method: "POST", body: new TextEncoder().encode("plain") })).toEqual({ method: "POST", path: "/p", body: "plain" });
  });
});

describe("record and replay outside evaluate()", () => {
  it("calls outside a datapoint pass through and are not stored", async () => {
    const cache = createLlmCache({ mode: "record", store: memoryCacheStore() });
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0, fetch: cache.fetch });
    await chat(client, "outside");
    expect(cache.stats()).toEqual({ replayed: 0, recorded: 0, misses: 0, passedThrough: 1, writeFailures: 0 });
  });

  it("a memory store records and replays (any runtime); error answers are passed on and not recorded", async () => {
    const store = memoryCacheStore();
    const recorder = createLlmCache({ mode: "record", store });
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0, fetch: recorder.fetch });
    const first = await inDatapoint("EXT-mem", () => chat(client, "hello"));
    await expect(inDatapoint("EXT-mem", () => client.models.retrieve("nope"))).rejects.toMatchObject({ status: 404 });
    expect(recorder.stats()).toMatchObject({ recorded: 1, passedThrough: 1 });
    const before = fake.requests.length;
    const replayer = createLlmCache({ mode: "replay", store });
    const replayClient = new OpenAI({ baseURL: "http://127.0.0.1:9/v1", apiKey: "other-key", maxRetries: 0, fetch: replayer.fetch });
    expect(await inDatapoint("EXT-mem", () => chat(replayClient, "hello"))).toEqual(first);
    expect(fake.requests.length).toBe(before);
    // the same request in another datapoint is another recording
    await expect(inDatapoint("EXT-other", () => chat(replayClient, "hello"))).rejects.toThrow(/^404 honeyhive llm cache \(replay\): no recording for datapoint EXT-other of POST \/v1\/chat\/completions \(model "gpt-test"\)/);
  });

  it("an answer not stored (a 429 the client retried, a reset) leaves no gap: the retry records under the number replay asks for", async () => {
    let limited = 0;
    const busy = await startFakeOpenAI({
      chatReply: (body: { messages: { content: string }[] }) => (body.messages.at(-1)?.content === "busy" && limited++ === 0 ? { status: 429, body: { error: { message: "slow down" } }, headers: { "retry-after-ms": "5" } } : "fine"),
    });
    try {
      const store = memoryCacheStore();
      const recorder = createLlmCache({ mode: "record", store });
      const client = new OpenAI({ baseURL: `${busy.url}/v1`, apiKey: "sk-test", maxRetries: 2, fetch: recorder.fetch });
      let resets = 0;
      const flaky = createLlmCache({ mode: "record", store, fetch: (input, init) => (resets++ === 0 ? Promise.reject(new Error("socket hang up")) : fetch(input, init)) });
      const flakyClient = new OpenAI({ baseURL: `${busy.url}/v1`, apiKey: "sk-test", maxRetries: 2, fetch: flaky.fetch });
      const recorded = await inDatapoint("EXT-busy", async () => [await chat(client, "busy"), await chat(client, "busy"), await chat(flakyClient, "reset")]);
      expect(busy.requests.length).toBe(4); // one 429 retried; the reset never reached the server
      expect(recorder.stats()).toMatchObject({ recorded: 2, passedThrough: 1 });
      const replayer = createLlmCache({ mode: "replay", store });
      const replayClient = new OpenAI({ baseURL: "http://127.0.0.1:9/v1", apiKey: "sk-test", maxRetries: 0, fetch: replayer.fetch });
      const replayed = await inDatapoint("EXT-busy", async () => [await chat(replayClient, "busy"), await chat(replayClient, "busy"), await chat(replayClient, "reset")]);
      expect(replayed).toEqual(recorded);
      expect(replayer.stats()).toMatchObject({ replayed: 3, misses: 0 });
    } finally {
      await busy.close();
    }
  });

  it("a request repeated within a datapoint replays its answers in order; each datapoint run counts from the start", async () => {
    let served = 0;
    const origin = async () => Response.json({ answer: ++served });
    const root = join(dir, "repeats");
    const ask = (cache: { fetch: typeof fetch }) => inDatapoint("EXT-loop", async () => {
      const answers: number[] = [];
      for (let i = 0; i < 3; i++) answers.push((await (await cache.fetch("http://h/v1/x", { method: "POST", body: '{"same":true}' })).json() as { answer: number }).answer);
      return answers;
    });
    expect(await ask(createLlmCache({ mode: "record", dir: root, fetch: origin }))).toEqual([1, 2, 3]);
    expect(readdirSync(join(root, "EXT-loop")).sort()).toEqual([expect.stringMatching(/^[0-9a-f]{16}-1\.json$/), expect.stringMatching(/^[0-9a-f]{16}-2\.json$/), expect.stringMatching(/^[0-9a-f]{16}\.json$/)].sort());
    const replayer = createLlmCache({ mode: "replay", dir: root, fetch: () => Promise.reject(new Error("no provider")) });
    expect(await ask(replayer)).toEqual([1, 2, 3]);
    expect(await ask(replayer)).toEqual([1, 2, 3]); // a second run of the datapoint (another tracer) starts again at 1
    const fourth = await inDatapoint("EXT-loop", async () => {
      for (let i = 0; i < 3; i++) await replayer.fetch("http://h/v1/x", { method: "POST", body: '{"same":true}' });
      return replayer.fetch("http://h/v1/x", { method: "POST", body: '{"same":true}' });
    });
    expect(fourth.status).toBe(404);
    expect(((await fourth.json()) as { error: { message: string } }).error.message).toContain("POST /v1/x (repeat 4 of this request)");
  });

  it("binary and big-integer bodies replay byte for byte", async () => {
    const bodies = [new Uint8Array([0, 255, 1, 2, 128]), new TextEncoder().encode('{"id": 12345678901234567890}')];
    const types = ["application/octet-stream", "application/json"];
    let served = 0;
    const origin = async () => new Response(bodies[served % 2], { status: 200, headers: { "content-type": types[served++ % 2]! } });
    const store = memoryCacheStore();
    const recorder = createLlmCache({ mode: "record", store, fetch: origin });
    const replayer = createLlmCache({ mode: "replay", store, fetch: () => Promise.reject(new Error("no provider")) });
    for (const [i, cache] of [recorder, replayer].entries()) {
      for (const path of ["/bin", "/json"]) {
        const response = await inDatapoint("EXT-bytes", () => cache.fetch(`http://h${path}`, { method: "POST", body: "{}" }));
        expect(new Uint8Array(await response.arrayBuffer()), `${path} run ${i}`).toEqual(bodies[path === "/bin" ? 0 : 1]);
      }
    }
    expect(replayer.stats().replayed).toBe(2);
  });
});

describe("hostile stored data and ids", () => {
  it("a datapoint id cannot reach outside the cache directory", () => {
    for (const id of ["../../etc", "..", ".", "a/b", "EXT-ok", "x".repeat(500), "con\u0000tent"]) {
      const name = datapointDirName(id);
      expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
      expect(name.length).toBeLessThanOrEqual(121);
      expect(name).not.toBe("..");
    }
    expect(datapointDirName("../a")).not.toBe(datapointDirName("_a")); // sanitised ids do not collide
    expect(datapointDirName("EXT-0123abcd")).toBe("EXT-0123abcd");
  });

  it("a corrupt or tampered recording is a clear error naming the file", async () => {
    const root = join(dir, "hostile");
    const cache = createLlmCache({ mode: "replay", dir: root, fetch: () => Promise.reject(new Error("no provider")) });
    const request = { method: "POST", path: "/x", body: {} };
    const key = await requestKey(request);
    mkdirSync(join(root, "EXT-h"), { recursive: true });
    const file = join(root, "EXT-h", `${key.slice(0, 16)}.json`);
    const replayError = async () => {
      const response = await inDatapoint("EXT-h", () => cache.fetch("http://h/x", { method: "POST", body: "{}" }));
      expect(response.status).toBe(404); // answered, not thrown: a thrown fetch error would be a retried "Connection error."
      return ((await response.json()) as { error: { message: string } }).error.message;
    };
    writeFileSync(file, "{ not json");
    expect(await replayError()).toContain(`honeyhive llm cache: datapoint EXT-h: ${file} is not valid JSON`);
    writeFileSync(file, JSON.stringify({ version: 1, datapointId: "EXT-h", key, request, response: { status: 999, contentType: null, bodyEncoding: "text", body: "" } }));
    expect(await replayError()).toContain(`${file} is not a recording (response.status must be an HTTP status)`);
    writeFileSync(file, JSON.stringify({ version: 1, datapointId: "EXT-h", key, request, response: { status: 200, contentType: null, bodyEncoding: "base64", body: "<script>" } }));
    expect(await replayError()).toContain("response.body is not base64");
  });

  it("an answer that cannot be stored still reaches the caller, with one warning", async () => {
    const logs = captureSdkLogs();
    try {
      const store = { location: "broken", read: async () => undefined, write: async () => { throw new Error("disk full"); } };
      const cache = createLlmCache({ mode: "record", store, fetch: async () => Response.json({ ok: 1 }) });
      const response = await inDatapoint("EXT-w", () => cache.fetch("http://h/x", { method: "POST", body: "{}" }));
      expect(await response.json()).toEqual({ ok: 1 });
      expect(cache.stats()).toMatchObject({ recorded: 0, writeFailures: 1 });
      expect(logs.lines).toEqual([{ level: "warn", message: expect.stringContaining("llm cache: could not store the answer of POST /x for datapoint EXT-w in broken: Error: disk full") }]);
    } finally {
      logs.restore();
    }
  });

  it("files are written atomically, one directory per datapoint, no temporary files left", async () => {
    const root = join(dir, "atomic");
    const store = fileCacheStore(root);
    const cache = createLlmCache({ mode: "record", store, fetch: async () => Response.json({ ok: true }) });
    await Promise.all(Array.from({ length: 20 }, (_, i) => inDatapoint(`EXT-${i % 4}`, () => cache.fetch("http://h/x", { method: "POST", body: JSON.stringify({ i }) }))));
    expect(readdirSync(root).sort()).toEqual(["EXT-0", "EXT-1", "EXT-2", "EXT-3"]);
    const files = readdirSync(root).flatMap((d) => readdirSync(join(root, d)));
    expect(files).toHaveLength(20);
    expect(files.every((f) => /^[0-9a-f]{16}\.json$/.test(f))).toBe(true);
  });
});
