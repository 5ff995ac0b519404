/**
 * Sends a step fixture (test/fixtures/genai/captured/steps/) through the dev server's real OTLP ingest and returns
 * the events its export gives back: the tool, chain and agent events as `{event_type, event_name, inputs, outputs}`
 * (the shape the reviewed expected files hold), the model events, and the raw events.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client } from "../dev-server/helpers";
import { GENAI_FIXTURES } from "./expected-events";

/** A step as the expected files list it. */
export interface StepEvent {
  event_type: string;
  event_name: string;
  inputs: unknown;
  outputs: unknown;
}

/** A reviewed expected file of the step corpus. */
export interface ExpectedSteps {
  stack: string;
  review: string;
  /** Model events the fixture gives (one per LLM call). */
  models: number;
  steps: StepEvent[];
}

/** The step fixture `file` and its reviewed expected events. */
export function stepFixture(file: string): { fixture: any; expected: ExpectedSteps } {
  return {
    fixture: JSON.parse(readFileSync(join(GENAI_FIXTURES, "captured", "steps", file), "utf8")),
    expected: JSON.parse(readFileSync(join(GENAI_FIXTURES, "expected", "steps", file), "utf8")) as ExpectedSteps,
  };
}

/** Ingests `fixture` into the project of `key`; the exported events, steps in the expected files' shape first. */
export async function ingestSteps(server: DevServer, fixture: any, key: string): Promise<{ steps: StepEvent[]; models: any[]; events: any[] }> {
  const api = client(server, key);
  const posted = await api.call("POST", "/opentelemetry/v1/traces", JSON.stringify(fixture.otlp), { "content-type": "application/json" });
  expect(posted.status).toBe(200);
  const exported = await api.call("POST", "/v1/events/export", { filters: [], limit: 500 });
  expect(exported.status).toBe(200);
  const events = (exported.body.events as any[]).filter((e) => e.event_type !== "session");
  const steps = events.filter((e) => e.event_type !== "model").map((e) => ({ event_type: e.event_type, event_name: e.event_name, inputs: e.inputs, outputs: e.outputs }));
  return { steps, models: events.filter((e) => e.event_type === "model"), events };
}
