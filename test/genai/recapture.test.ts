// Issue 20 req 4: the fixture corpus stays true to the installed packages. The capture script (`npm run
// fixtures:genai`) runs every stack again — the real openai, Anthropic, LangChain and AI SDK clients with the real
// instrumentations against loopback fakes — into a temporary directory, and each freshly captured set must give the
// same reviewed canonical events as the committed one (the step stacks: the same reviewed tool and chain inputs and
// outputs). A package upgrade that changes its dialect fails here.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { startServer } from "../dev-server/helpers";
import { STACKS, stackInstalled } from "../../scripts/genai-fixtures/stacks";
import { expectCanonicalEvents, expectedEvents, GENAI_FIXTURES } from "./expected-events";
import { ingestSteps, stepFixture, type StepEvent } from "./step-events";

const ROOT = join(__dirname, "../..");
const jsonFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
const byName = (a: StepEvent, b: StepEvent) => (a.event_name + JSON.stringify(a.inputs)).localeCompare(b.event_name + JSON.stringify(b.inputs));
/** The committed fixtures whose packages are installed here (a framework stack's own folder may not be, before `npm run test:frameworks`). */
const CAPTURABLE = readdirSync(join(GENAI_FIXTURES, "captured")).filter((f) => f.endsWith(".json"))
  .filter((f) => { const stack = STACKS.find((s) => `${s.name}.json` === f); return stack === undefined || stackInstalled(stack); }).sort();
const out = mkdtempSync(join(tmpdir(), "hh-genai-fixtures-"));
let server: DevServer;
let output = { stdout: "", stderr: "" };

beforeAll(async () => {
  output = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/capture-genai-fixtures.ts"], {
    cwd: ROOT, env: { ...process.env, GENAI_FIXTURES_OUT: out }, timeout: 240_000,
  });
  server = await startServer();
}, 250_000);
afterAll(async () => {
  rmSync(out, { recursive: true, force: true });
  await server?.close();
});

describe("re-capturing the GenAI fixtures from the installed packages", () => {
  it("captures every committed stack, quietly", () => {
    expect(output.stderr).toBe("");
    expect(jsonFiles(out)).toEqual(CAPTURABLE);
    expect(jsonFiles(join(out, "steps"))).toEqual(jsonFiles(join(GENAI_FIXTURES, "captured", "steps")));
  });

  it.each(CAPTURABLE)("%s gives the reviewed canonical events", async (file) => {
    const fresh = JSON.parse(readFileSync(join(out, file), "utf8"));
    const committed = JSON.parse(readFileSync(join(GENAI_FIXTURES, "captured", file), "utf8"));
    expect(fresh.packages).toEqual(committed.packages);
    await expectCanonicalEvents(server, fresh, expectedEvents(file), `recapture-${file}`);
  });

  it.each(jsonFiles(join(GENAI_FIXTURES, "captured", "steps")))("steps/%s gives the reviewed tool and chain events", async (file) => {
    const fresh = JSON.parse(readFileSync(join(out, "steps", file), "utf8"));
    const { fixture, expected } = stepFixture(file);
    expect(fresh.packages).toEqual(fixture.packages);
    const { steps, models } = await ingestSteps(server, fresh, `recapture-steps-${file}`);
    expect([...steps].sort(byName)).toEqual([...expected.steps].sort(byName));
    expect(models).toHaveLength(expected.models);
  });
});
