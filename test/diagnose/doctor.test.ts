/**
 * `honeyhive doctor` (and the `diagnose()` behind it), one misconfiguration made on purpose per test: the built CLI in a
 * fresh Node process loads a setup module from fixtures/ (real OpenTelemetry packages, real instrumentations, a
 * real minifier), and checks the backend against the real dev server on 127.0.0.1 with keys configured. A runtime
 * without AsyncLocalStorage cannot be made from Node (the Node build always has it): the runtime matrix runs
 * diagnose() on workerd with no compatibility flag (test/runtimes, row workerd-no-flags-diagnose).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { FaultServer } from "../helpers/fault-server";

const ROOT = resolve(__dirname, "../..");
const CLI = join(ROOT, "packages/honeyhive/bin/honeyhive.js");
const GOOD_KEY = "hh-doctor-good-key-1234";
const BAD_KEY = "hh-doctor-wrong-key-5678";

interface DoctorRun {
  code: number | null;
  stdout: string;
  stderr: string;
  checks: Record<string, { status: string; summary: string; fix?: string }>;
}

let server: DevServer;

beforeAll(async () => {
  const silent = (): void => undefined;
  server = await createDevServer({
    port: 0, inMemory: true, apiKeys: [GOOD_KEY],
    logger: { verbose: false, debug: silent, info: silent, warn: silent, error: silent, warnOnce: silent },
  });
});
afterAll(async () => server.close());

function doctor(args: string[], env: Record<string, string> = {}, json = true): Promise<DoctorRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, "doctor", ...(json ? ["--json"] : []), ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH, HH_API_KEY: GOOD_KEY, HH_API_URL: server.url, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        let checks: DoctorRun["checks"] = {};
        try {
          const parsed = JSON.parse(stdout) as { checks: Array<{ id: string; status: string; summary: string; fix?: string }> };
          checks = Object.fromEntries(parsed.checks.map((check) => [check.id, check]));
        } catch {
          checks = {};
        }
        done({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr, checks });
      },
    );
  });
}

const fixture = (name: string): string => join(__dirname, "fixtures", name);
const problems = (run: DoctorRun): string[] => Object.entries(run.checks).filter(([, c]) => c.status === "problem").map(([id]) => id);

describe("honeyhive doctor", () => {
  it("a correct setup: every check passes, exit 0, the key is never printed", async () => {
    const run = await doctor(["--import", fixture("healthy.mjs")]);
    expect(problems(run)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.checks["backend"]?.summary).toContain("accepted the tracer's API key");
    expect(run.checks["context-manager"]?.status).toBe("ok");
    expect(run.checks["global-provider"]?.status).toBe("ok");
    expect(run.stdout + run.stderr).not.toContain(GOOD_KEY);
  });

  it("no working context manager", async () => {
    const run = await doctor(["--import", fixture("context-torn-down.mjs")]);
    expect(problems(run)).toEqual(["context-manager"]);
    expect(run.checks["context-manager"]?.fix).toContain("AsyncLocalStorageContextManager");
    expect(run.code).toBe(1);
  });

  it("a second global provider without HoneyHiveSpanProcessor, and its fixed twin", async () => {
    const bad = await doctor(["--import", fixture("provider-without-processor.mjs")]);
    expect(problems(bad)).toEqual(["global-provider"]);
    expect(bad.checks["global-provider"]?.fix).toContain("new HoneyHiveSpanProcessor()");
    expect(bad.code).toBe(1);
    const good = await doctor(["--import", fixture("provider-with-processor.mjs")]);
    expect(problems(good)).toEqual([]);
    expect(good.code).toBe(0);
  });

  it("an older @opentelemetry/api copy registered first", async () => {
    const run = await doctor(["--import", fixture("older-api-copy.mjs")]);
    expect(problems(run)).toContain("opentelemetry-api");
    expect(run.checks["opentelemetry-api"]?.summary).toContain("@opentelemetry/api 1.8.0");
    expect(run.checks["opentelemetry-api"]?.fix).toContain("npm ls @opentelemetry/api");
    expect(run.code).toBe(1);
  });

  it("an instrumentation enabled after its library was imported (ESM), and the CommonJS order that works", async () => {
    const late = await doctor(["--import", fixture("instrumentation-esm-late.mjs")]);
    expect(problems(late)).toEqual(["instrumentations"]);
    expect(late.checks["instrumentations"]?.summary).toContain("openai loaded, never patched, 0 spans");
    expect(late.checks["instrumentations"]?.fix).toContain("instrumentModules");
    const first = await doctor(["--import", fixture("instrumentation-cjs-first.cjs")]);
    expect(problems(first)).toEqual([]);
    expect(first.checks["instrumentations"]?.summary).toContain("@arizeai/openinference-instrumentation-openai (0 spans)");
  });

  it("prints the spans each instrumentation scope produced (text and JSON)", async () => {
    const text = await doctor(["--import", fixture("spans-by-scope.mjs"), "--no-backend"], {}, false);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("Spans by instrumentation scope since start:\n     app-scope: 3\n");
    const json = await doctor(["--import", fixture("spans-by-scope.mjs"), "--no-backend"]);
    expect((JSON.parse(json.stdout) as { spansByScope: unknown }).spansByScope).toEqual({ "app-scope": { started: 3, routed: 3 } });
  });

  it("minified parameter names (the setup module minified by esbuild), not the source as written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hh-doctor-"));
    const minified = join(dir, "traced-work.min.mjs");
    const built = buildSync({ entryPoints: [fixture("traced-work.mjs")], minify: true, write: false, format: "esm" });
    writeFileSync(minified, built.outputFiles[0]!.text.replace('from"honeyhive"', `from"${join(ROOT, "packages/honeyhive/dist/index.js")}"`));
    const run = await doctor(["--import", minified]);
    expect(problems(run)).toEqual(["parameter-names"]);
    expect(run.checks["parameter-names"]?.fix).toContain("inputNames");
    const source = await doctor(["--import", fixture("traced-work.mjs")]);
    expect(problems(source)).toEqual([]);
  });

  it("the key refused, and the backend unreachable", async () => {
    const refused = await doctor(["--import", fixture("healthy.mjs")], { HH_API_KEY: BAD_KEY });
    expect(problems(refused)).toEqual(["backend"]);
    expect(refused.checks["backend"]?.summary).toMatch(/refused the tracer's API key \(HTTP 40[13](: [^)]+)?\)/);
    expect(refused.checks["backend"]?.fix).toContain("This dev server accepts only the keys it was started with");
    expect(refused.stdout + refused.stderr).not.toContain(BAD_KEY);
    const port = await closedPort();
    const down = await doctor(["--timeout", "2000"], { HH_API_URL: `http://127.0.0.1:${port}` });
    expect(problems(down)).toEqual(["backend"]);
    expect(down.checks["backend"]?.summary).toContain("unreachable");
    expect(down.code).toBe(1);
  });

  it("a backend that never answers: a timed-out finding within the timeout", async () => {
    const hang = await FaultServer.start("hang");
    try {
      const started = Date.now();
      const run = await doctor(["--timeout", "300"], { HH_API_URL: hang.url });
      expect(problems(run)).toEqual(["backend"]);
      expect(run.checks["backend"]?.summary).toBe(`The backend at ${hang.url} did not answer within 300 ms (timed out).`);
      expect(run.code).toBe(1);
      expect(Date.now() - started).toBeLessThan(15_000); // a fresh CLI process on a shared machine, the 300 ms included
    } finally {
      await hang.close();
    }
  });

  it("usage errors exit 2 with one line; --help exits 0", async () => {
    const bad = await doctor(["--timeout", "soon"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--timeout must be a positive number");
    const missing = await doctor(["--import", "./does-not-exist.mjs"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("failed to load");
    const typo = await doctor(["--imprt", "./setup.mjs"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("honeyhive doctor: unknown option --imprt (did you mean --import?)");
    const help = await doctor(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: honeyhive doctor");
  });
});

/** A loopback port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}
