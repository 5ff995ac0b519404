/**
 * Shared by the stacks of OpenAI-compatible providers (`groq`: Groq's own SDK; `openai-compatible`: the `openai` client
 * against an Ollama-style server): the client keeps the endpoint a user configures, the test's `fetch` carries its
 * requests to the loopback OpenAI fake (redirect-fetch.ts), and the stack's evaluation runs the streamed-usage calls
 * (test/routing/openai-stream-usage.ts) with the provider's model. The checks: one model event per call, each named
 * after the endpoint's provider and priced by `<provider>/<model>`, tokens and a time to first token on every stream.
 */
import { describe, expect, it } from "vitest";
import { startFakeOpenAI } from "../helpers/fake-openai-server";
import { modelEvents } from "../routing/evaluate-stack";
import { type ChatCompletionsClient, expectStreamedUsage, streamedUsageCalls } from "../routing/openai-stream-usage";
import { expectChoiceWarning, type OpenAIRecorder } from "./openai-recorder";
import { expectDiagnosisClean, expectOneModelEventPerCall, withProviderStack } from "./provider-stack";
import { redirectFetch } from "./redirect-fetch";

/** One OpenAI-compatible stack. */
export interface OpenAICompatibleStack {
  stack: string;
  /** The stack test file's `import.meta.url`. */
  testUrl: string;
  /** The endpoint the app's client is configured with (its `baseURL`, or the SDK's default). */
  endpoint: string;
  model: string;
  /** The provider the endpoint names (`groq`, `ollama`). */
  provider: string;
  /** The app's client, given the `fetch` that reaches the fake. */
  client: (fetch: typeof globalThis.fetch) => unknown;
  instrumentModules: Record<string, unknown>;
  /** The instrumentation's scope (its spans counted by `diagnose()`). */
  scope: string;
  /** The model events' name. @defaultValue `chat <model>` (OpenLLMetry's) */
  eventName?: string;
  /** Runs before the client is created (an instrumentation the app registers itself). */
  setup?: () => void;
  /** When the app registered OpenLLMetry's: who records for the installed openai (its scope and event names win), and the SDK's warning when its choice is skipped. */
  recorder?: OpenAIRecorder;
}

/** Registers the stack's evaluation and its checks. */
export function openAICompatibleStackTests(options: OpenAICompatibleStack): void {
  const stack = withProviderStack({
    stack: options.stack,
    testUrl: options.testUrl,
    startFake: () => startFakeOpenAI(),
    fromStackDir: true,
    captureLogs: options.recorder !== undefined,
    streamedTags: ["b"],
    run: (fake, backend) => {
      options.setup?.();
      const client = options.client(redirectFetch(options.endpoint, `${fake.url}/v1`)) as ChatCompletionsClient;
      return backend.evaluate(options.stack, (i) => streamedUsageCalls(client, i, options.model), options.instrumentModules);
    },
  });

  describe(`${options.stack}: ${options.provider} through ${options.endpoint}`, () => {
    it(`40 calls (20 streamed with include_usage) -> 40 model events in their own sessions, provider ${options.provider}, priced, a time to first token on each stream`, () => {
      expectOneModelEventPerCall(stack.report, stack.row);
      expectStreamedUsage(stack.report, { responseModel: options.model });
      for (const events of stack.report.eventsByDatapoint) {
        const models = modelEvents(events);
        const name = options.recorder?.eventName(options.model) ?? options.eventName ?? `chat ${options.model}`;
        expect(models.map((e) => e.event_name)).toEqual([name, name]);
        for (const event of models) {
          expect((event.config as Record<string, unknown>).provider).toBe(options.provider);
          expect((event.metadata as Record<string, unknown>).cost_price_key).toBe(`${options.provider}/${options.model}`);
        }
      }
      expect(stack.row.unpricedModels).toEqual([]);
      if (options.recorder !== undefined) expectChoiceWarning(options.recorder, stack.sdkLines);
    });

    it("diagnose(): no problem, the instrumentation's spans counted", async () => {
      await expectDiagnosisClean(options.recorder?.scope ?? options.scope);
    });
  });
}
