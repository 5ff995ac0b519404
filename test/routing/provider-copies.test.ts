/**
 * Issue 23, requirements 3 and 8 (a framework's own copy of a provider client): `instrumentModules: { openAI }`
 * patches every installed copy of `openai`, loaded in the app's module format, and `diagnose()` names a copy that
 * stays unpatched. The repository itself has two copies — `openai` 6 hoisted and `@langchain/openai`'s own 7 —
 * which this test uses as an app would (vitest imports them as ES modules); the directory layouts npm and pnpm make
 * are built in a temporary folder.
 */
import { OpenAIInstrumentation } from "@traceloop/instrumentation-openai";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { diagnose } from "../../packages/honeyhive/src/diagnose/index";
import { checkModuleCopies } from "../../packages/honeyhive/src/diagnose/check-module-copies";
import type { ObservedInstance, SetupObservation } from "../../packages/honeyhive/src/diagnose/observe-setup";
import { PROVIDER_PACKAGES, isProviderPatched, otherProviderCopies } from "../../packages/honeyhive/src/integrations/provider-copies";
import { noteCopiesInFlight, noteProviderCopy, providerCopyState, whenProviderCopiesSettled } from "../../packages/honeyhive/src/integrations/provider-copy-states";
import { installedCopies } from "../../packages/honeyhive/src/runtime/node/package-copies";
import { createTestTracer } from "../../packages/honeyhive/src/testing";
import { type FakeOpenAI, startFakeOpenAI } from "../helpers/fake-openai-server";
import { requireOpenAI } from "./openai-workload";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const NESTED = join(ROOT, "node_modules/@langchain/openai/node_modules/openai");
const OPENAI = PROVIDER_PACKAGES.openai!;

describe("installedCopies (directory layouts)", () => {
  let dir: string;
  const pkg = (at: string, version: string): void => {
    mkdirSync(at, { recursive: true });
    writeFileSync(join(at, "package.json"), JSON.stringify({ name: "openai", version }));
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "hh-copies-"));
    pkg(join(dir, "app/node_modules/.pnpm/openai@7.0.0/node_modules/openai"), "7.0.0");
    symlinkSync(join(dir, "app/node_modules/.pnpm/openai@7.0.0/node_modules/openai"), join(dir, "app/node_modules/openai")); // pnpm's link
    pkg(join(dir, "app/node_modules/.pnpm/openai@5.0.0/node_modules/openai"), "5.0.0");
    pkg(join(dir, "app/node_modules/framework/node_modules/openai"), "4.0.0");
    pkg(join(dir, "app/node_modules/@scope/framework/node_modules/openai"), "3.0.0");
    mkdirSync(join(dir, "app/src"), { recursive: true });
    pkg(join(dir, "node_modules/openai"), "2.0.0"); // another project's, above the app's own node_modules
    pkg(join(dir, "mono/node_modules/openai"), "6.0.0"); // a workspace: hoisted to the root
    mkdirSync(join(dir, "mono/packages/app/node_modules/other"), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("finds the hoisted copy first, nested and pnpm-stored copies once each, and stops at the app's own node_modules", () => {
    const copies = installedCopies("openai", join(dir, "app")).map((d) => d.slice(dir.length + 1));
    expect(copies[0]).toBe("app/node_modules/.pnpm/openai@7.0.0/node_modules/openai");
    expect([...copies].sort()).toEqual([
      "app/node_modules/.pnpm/openai@5.0.0/node_modules/openai", "app/node_modules/.pnpm/openai@7.0.0/node_modules/openai",
      "app/node_modules/@scope/framework/node_modules/openai", "app/node_modules/framework/node_modules/openai",
    ]);
    expect(installedCopies("openai", join(dir, "mono/packages/app")).map((d) => d.slice(dir.length + 1))).toEqual(["mono/node_modules/openai"]);
    expect(installedCopies("not-installed", join(dir, "app"))).toEqual([]);
  });
});

describe("a framework's own copy of openai (the repository's @langchain/openai)", () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());

  it("patching only the app's copy leaves the framework's unpatched: diagnose() names it; instrumentModules patches both", async () => {
    const instrumentation = new OpenAIInstrumentation();
    createTestTracer({ instrumentations: [instrumentation] });
    instrumentation.manuallyInstrument(OpenAI);
    const nested = ((await import(pathToFileURL(join(NESTED, "index.mjs")).href)) as { OpenAI: typeof OpenAI }).OpenAI;
    expect([isProviderPatched(OpenAI, OPENAI), isProviderPatched(nested, OPENAI)]).toEqual([true, false]);
    const broken = (await diagnose({ backend: false })).checks.find((c) => c.id === "module-copies")!;
    expect(broken.status).toBe("problem");
    expect(broken.summary).toContain("openai 7.57.0 at ");
    expect(broken.summary).toContain("@langchain/openai/node_modules/openai");

    const unit = createTestTracer({ instrumentModules: { openAI: OpenAI } });
    await vi.waitFor(() => expect(isProviderPatched(nested, OPENAI)).toBe(true)); // an ES module copy is patched once import() resolves
    expect((await diagnose({ backend: false })).checks.find((c) => c.id === "module-copies")).toMatchObject({ status: "ok" });
    const client = new nested({ baseURL: `${fake.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
    await unit.tracer.trace(() => client.chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content: "through the nested copy" }] }));
    // A stream through the framework's copy: its usage chunk and first chunk are observed as the given module's are.
    await unit.tracer.trace(async () => {
      const stream = await client.chat.completions.create({
        model: "gpt-test", messages: [{ role: "user", content: "streamed through the nested copy" }], stream: true, stream_options: { include_usage: true },
      });
      for await (const chunk of stream) void chunk;
    });
    const models = (await unit.spans()).filter((s) => s.attributes.honeyhive_event_type === "model");
    expect(models).toHaveLength(2);
    expect(models[1]!.attributes).toMatchObject({ "gen_ai.response.time_to_first_chunk": expect.any(Number), "gen_ai.usage.input_tokens": expect.any(Number) });
  });
  it("finds the other copy in the format and shape of the module given (ES module class, CommonJS class; the CommonJS copies loaded last)", async () => {
    const [esmCopy] = otherProviderCopies("openai", OpenAI);
    expect(esmCopy).toMatchObject({ dir: NESTED, version: "7.57.0" });
    const nestedEsm = (await import(pathToFileURL(join(NESTED, "index.mjs")).href)) as { OpenAI: unknown };
    expect(esmCopy!.module).toBe(nestedEsm.OpenAI);
    const [cjsCopy] = otherProviderCopies("openai", requireOpenAI().OpenAI);
    expect(cjsCopy!.module).toBe((createRequire(join(NESTED, "package.json"))(NESTED) as { OpenAI: unknown }).OpenAI);
    expect(otherProviderCopies("openai", { OpenAI: class {} })).toEqual([]); // not an installed copy (a bundle)
    expect(otherProviderCopies("cohere", OpenAI)).toEqual([]);
  });

});

describe("instrumentModules' record of the copies (what diagnose() asks)", () => {
  const copy = (root: string, version: string, state?: ObservedInstance["instrumentModules"]): ObservedInstance => ({
    name: "openai", root, version, files: [`${root}/index.mjs`], patched: false, unpatchedEntries: [`${root}/index.mjs`], ...(state ? { instrumentModules: state } : {}),
  });
  const observed = (...copies: ObservedInstance[]): SetupObservation => ({ spansByScope: {}, instrumentations: [], loaded: new Map([["openai", copies]]) });

  it("a copy is being patched until its background load settles, then patched, or forgotten when it was not reached", async () => {
    let settle!: () => void;
    const loading = new Promise<void>((done) => (settle = done));
    noteProviderCopy("openai", "/app/node_modules/openai", "7.0.0", "patched");
    noteCopiesInFlight("openai", ["/app/node_modules/openai", "/app/node_modules/fw/node_modules/openai", "/app/node_modules/other/node_modules/openai"], () => "5.0.0", loading);
    expect(providerCopyState("/app/node_modules/fw/node_modules/openai")?.state).toBe("patching");
    expect(providerCopyState("/app/node_modules/openai")?.state).toBe("patched"); // already known: kept
    let waited = false;
    const wait = whenProviderCopiesSettled(60_000).then(() => (waited = true));
    await Promise.resolve();
    expect(waited).toBe(false);
    noteProviderCopy("openai", "/app/node_modules/fw/node_modules/openai", "5.0.0", "patched"); // delivered and patched
    settle();
    await wait;
    expect(providerCopyState("/app/node_modules/fw/node_modules/openai")?.state).toBe("patched");
    expect(providerCopyState("/app/node_modules/other/node_modules/openai")).toBeUndefined();
  });

  it("module-copies: a copy being patched is no problem; an unpatched one beside a patched one is, with instrumentModules as the fix", () => {
    const app = { ...copy("/app/node_modules/openai", "7.0.0"), patched: true, unpatchedEntries: [] };
    const inFlight = checkModuleCopies(observed(app, copy("/app/node_modules/fw/node_modules/openai", "5.0.0", "patching")));
    expect(inFlight).toMatchObject({ status: "ok" });
    expect(inFlight.summary).toContain("1 copy(ies) still being patched by instrumentModules");
    const left = checkModuleCopies(observed(app, copy("/app/node_modules/fw/node_modules/openai", "5.0.0")));
    expect(left).toMatchObject({ status: "problem" });
    expect(left.summary).toContain("openai 5.0.0 at /app/node_modules/fw/node_modules/openai/index.mjs (loaded by fw)");
    expect(left.fix).toContain("`instrumentModules: { openAI: OpenAI }`");
  });
});
