/**
 * Shared by the setup scripts of `observed-setups.test.ts`: each runs in its own Node process (instrumentations,
 * require hooks and loaded modules are process-wide), makes its calls against loopback fakes, and prints its
 * diagnosis (no backend request) as one JSON line per `report(label)`.
 */
import { diagnose } from "../../../packages/honeyhive/src/index";
import { HoneyHiveTracer } from "../../../packages/honeyhive/src/index";
import { type FakeAnthropic, startFakeAnthropic } from "../../helpers/fake-anthropic-server";
import { type FakeOpenAI, startFakeOpenAI } from "../../helpers/fake-openai-server";

/** Prints `{ label, diagnosis }` for the parent test. */
export async function report(label: string): Promise<void> {
  const diagnosis = await diagnose({ backend: false });
  process.stdout.write(`${JSON.stringify({ label, diagnosis })}\n`);
}

/** The setup's tracer: no backend, quiet. */
export function setupTracer(options: Record<string, unknown> = {}): HoneyHiveTracer {
  return new HoneyHiveTracer({ sessionName: "diagnose-setup", skipSessionStart: true, logSink: () => undefined, ...options });
}

/** Runs `work` against a fake OpenAI server inside a span of the tracer. */
export async function withFakeOpenAI(tracer: HoneyHiveTracer, work: (baseURL: string) => Promise<unknown>): Promise<void> {
  const fake: FakeOpenAI = await startFakeOpenAI();
  try {
    await tracer.startSpan("setup-calls", () => work(`${fake.url}/v1`), { eventType: "chain" });
  } finally {
    await fake.close();
  }
}

/** Runs `work` against a fake Anthropic server inside a span of the tracer. */
export async function withFakeAnthropic(tracer: HoneyHiveTracer, work: (baseURL: string) => Promise<unknown>): Promise<void> {
  const fake: FakeAnthropic = await startFakeAnthropic();
  try {
    await tracer.startSpan("setup-calls", () => work(fake.url), { eventType: "chain" });
  } finally {
    await fake.close();
  }
}
