/**
 * `diagnose()`'s `module-copies` check judges a copy by who loaded it. OpenInference's OpenAI instrumentation
 * requires `openai` for itself (an `instanceof` test); installed elsewhere than the app's `openai` (a workspace's root,
 * as in the framework stacks), that resolves to another copy, which no call of the app goes through: no problem.
 * The same copy required by a module of the application too is one (its calls record nothing).
 *
 * Real packages of the root node_modules: the app is a folder whose `openai` is 7.x (the copy `@langchain/openai`
 * brings), while OpenInference, installed at the root, resolves the root's `openai` 6.x.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnose } from "../../packages/honeyhive/src/diagnose/index";
import { createTestTracer } from "../../packages/honeyhive/src/testing";

const ROOT = resolve(__dirname, "../..");
const app = join(__dirname, `.own-copy-app-${process.pid}`);
const cwd = process.cwd();

beforeAll(() => {
  mkdirSync(join(app, "node_modules"), { recursive: true });
  symlinkSync(join(ROOT, "node_modules/@langchain/openai/node_modules/openai"), join(app, "node_modules/openai"), "dir");
  // a module of the application that uses the root's copy (as a framework installed beside OpenInference would)
  writeFileSync(join(app, "framework.cjs"), `module.exports = require(${JSON.stringify(join(ROOT, "node_modules/openai"))});\n`);
  process.chdir(app);
});
afterAll(() => {
  process.chdir(cwd);
  rmSync(app, { recursive: true, force: true });
});

const copiesCheck = async () => (await diagnose({ backend: false })).checks.find((c) => c.id === "module-copies")!;

describe("module-copies: a copy only an instrumentation package required", () => {
  it("is no problem; required by the application too, it is", async () => {
    const requireFromApp = createRequire(join(app, "app.cjs"));
    const { OpenAI } = requireFromApp("openai") as { OpenAI: new (options: object) => unknown };
    createTestTracer({ instrumentModules: { openAI: OpenAI } });
    const own = requireFromApp.cache[join(ROOT, "node_modules/openai/index.js")];
    expect(own?.parent?.filename).toContain("@arizeai/openinference-instrumentation-openai"); // the setup is as described

    const quiet = await copiesCheck();
    expect(quiet).toMatchObject({ status: "ok" });
    expect(quiet.summary).toContain("1 copy(ies) loaded only by an instrumentation package for its own use");

    requireFromApp("./framework.cjs");
    const named = await copiesCheck();
    expect(named).toMatchObject({ status: "problem" });
    expect(named.summary).toMatch(/openai 6\.\d+\.\d+ at .*\/node_modules\/openai\/index\.js/);
  });
});
