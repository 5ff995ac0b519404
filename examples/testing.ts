// Asserting on spans in your own tests: a tracer that records in memory instead of sending.
import { trace } from "honeyhive";
import { createTestTracer } from "honeyhive/testing";

export async function spanNames(): Promise<string[]> {
  const { tracer, spans } = createTestTracer({ sessionName: "unit-test" });
  trace(function step() { return 1; }, { tracer })();
  return (await spans()).map((span) => span.name);
}
