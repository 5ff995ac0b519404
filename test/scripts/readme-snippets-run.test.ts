import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";

/**
 * Req (issue 48, 5): the documentation's snippets run as written. The tracing snippet (docs/guide/tracing.md) runs as
 * a user's file (tsx, the built package installed under its name) and its session reaches the dev server; the
 * vitest/jest snippet (docs/guide/vitest-jest.md) type-checks with
 * `honeyhive/jest` as its comment offers, under the module resolutions a jest project uses (CommonJS `node10`, as
 * ts-jest's default, and `node16`).
 */
const run = promisify(execFile);
const ROOT = resolve(__dirname, "../..");
const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
let server: DevServer;
let dir: string;

/** The ```ts block of the documentation page `page` containing `marker`. */
async function pageBlock(page: string, marker: string): Promise<string> {
  const text = await readFile(join(ROOT, page), "utf8");
  const block = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).find((code) => code.includes(marker));
  if (block === undefined) throw new Error(`no snippet of ${page} contains ${marker}`);
  return block;
}

beforeAll(async () => {
  server = await createDevServer({ port: 0, host: "127.0.0.1", inMemory: true, logger: createLogger({ sink: () => undefined }) });
  dir = await mkdtemp(join(tmpdir(), "hh-readme-snippets-"));
  await mkdir(join(dir, "node_modules"), { recursive: true });
  await symlink(join(ROOT, "packages/honeyhive"), join(dir, "node_modules/honeyhive"), "dir");
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("documentation snippets run as written", () => {
  it("the tracing snippet calls its run(): the session chat with answer and retrieve reaches the server", async () => {
    await writeFile(join(dir, "tracing.ts"), await pageBlock("docs/guide/tracing.md", 'sessionName: "chat"'));
    const { stdout } = await run(process.execPath, [TSX, "tracing.ts"], { cwd: dir, env: { ...process.env, HH_API_URL: server.url, HH_API_KEY: "readme-key" }, timeout: 60_000 });
    const sessionId = stdout.trim();
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const res = await fetch(`${server.url}/v1/events/export`, {
      method: "POST", body: JSON.stringify({ filters: [{ field: "session_id", operator: "is", value: sessionId, type: "string" }], limit: 100 }),
      headers: { authorization: "Bearer readme-key", "content-type": "application/json" },
    });
    const { events } = (await res.json()) as { events: { event_name: string; event_type: string; metadata?: Record<string, unknown> }[] };
    expect(events.map((e) => e.event_name).sort()).toEqual(["answer", "chat", "retrieve"]);
    expect(events.find((e) => e.event_type === "session")?.metadata).toMatchObject({ userId: "u1" });
  }, 90_000);

  it.each([["commonjs", "node10"], ["node16", "node16"]])("the experiment snippet with honeyhive/jest type-checks (module %s, resolution %s)", async (module, resolution) => {
    const code = (await pageBlock("docs/guide/vitest-jest.md", '// or "honeyhive/jest"')).replace(/from "honeyhive\/vitest";/, 'from "honeyhive/jest";');
    expect(code).toContain('from "honeyhive/jest"');
    const sub = join(dir, `jest-${resolution}`);
    await mkdir(sub, { recursive: true });
    await writeFile(join(sub, "support.eval.test.ts"), code);
    await writeFile(join(sub, "tsconfig.json"), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: "es2022", module, moduleResolution: resolution, types: [], skipLibCheck: true, typeRoots: [] },
      files: ["support.eval.test.ts"],
    }));
    await symlink(join(dir, "node_modules"), join(sub, "node_modules"), "dir");
    const result = await run(process.execPath, [TSC, "-p", "."], { cwd: sub, timeout: 60_000 }).then(() => "", (e: { stdout?: string }) => e.stdout ?? String(e));
    expect(result).toBe("");
  }, 90_000);
});
