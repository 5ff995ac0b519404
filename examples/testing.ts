// Asserting on spans in your own tests: a tracer that records in memory instead of sending.
import { trace } from "honeyhive";
import { createTestTracer } from "honeyhive/testing";

export async function spanNames(): Promise<string[]> {
  const { tracer, spans } = createTestTracer({ sessionName: "unit-test" });
  trace(function step() { return 1; }, { tracer })();
  return (await spans()).map((span) => span.name);
}

// In a test: expect(await spanNames()).toEqual(["step"]). Nothing is sent anywhere.
const names = await spanNames();
if (names.join() !== "step") throw new Error(`expected one "step" span, got ${JSON.stringify(names)}`);
console.log(`recorded spans in memory: ${names.join(", ")} (nothing was sent)`);
