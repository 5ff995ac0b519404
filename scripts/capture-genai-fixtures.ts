/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies, OTLP JSON and CommonJS-loaded packages are walked untyped */
/**
 * Captures the GenAI fixture corpus (test/fixtures/genai/captured/): each supported LLM stack — the real npm
 * packages and instrumentations installed as root devDependencies — makes the same calls against loopback fakes
 * of the provider APIs (scripts/genai-fixtures/fake-providers.ts), and the OTLP spans it emits are written as
 * OTLP/JSON, with the package versions. Ids and times are rewritten to stable values so regenerating gives a
 * readable diff. Each stack runs in its own process (instrumentations patch module prototypes).
 *
 *   npm run fixtures:genai            # every stack (model-call stacks and step stacks)
 *   npm run fixtures:genai -- <stack> # one stack (names in genai-fixtures/stacks.ts and step-stacks.ts)
 *   GENAI_FIXTURES_OUT=<dir> …         # write elsewhere (test/genai/recapture.test.ts)
 *
 * The expected canonical events (test/fixtures/genai/expected/) are written by hand and reviewed against the
 * dialect documentation; this script never touches them.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { startFakeProviders } from "./genai-fixtures/fake-providers";
import { STEP_STACKS } from "./genai-fixtures/step-stacks";
import { STACKS, type Stack, type StackRun, stackInstalled } from "./genai-fixtures/stacks";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Where fixtures go: the corpus, or `GENAI_FIXTURES_OUT` (the re-capture test writes to a temporary directory). */
const OUT = process.env.GENAI_FIXTURES_OUT ?? join(ROOT, "test/fixtures/genai/captured");
const require = createRequire(import.meta.url);
const EXTRA = join(ROOT, "scripts/genai-fixtures/extra");
const extraRequire = createRequire(join(EXTRA, "package.json"));
const ALL: readonly (Stack & { steps?: boolean })[] = [...STACKS, ...STEP_STACKS.map((s) => ({ ...s, steps: true }))];

/** The installed version of `pkg` (`extra:<pkg>`: the copy in genai-fixtures/extra/; `from`: a stack's own folder). */
function version(name: string, from?: string): string {
  const extra = name.startsWith("extra:");
  const pkg = extra ? name.slice("extra:".length) : name;
  const main = extra ? extraRequire.resolve(pkg) : (from === undefined ? require : createRequire(join(from, "package.json"))).resolve(pkg);
  let dir = dirname(main);
  for (;;) {
    try {
      const json = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      if (json.name === pkg) return json.version as string;
    } catch { /* keep climbing */ }
    const up = dirname(dir);
    if (up === dir) return "unknown";
    dir = up;
  }
}

/** Rewrites trace/span ids to sequential hex and times to a fixed base, keeping order and durations. */
function stabilise(otlp: any): any {
  const ids = new Map<string, string>();
  const id = (value: string | undefined, width: number) => {
    if (!value) return value;
    if (!ids.has(value)) ids.set(value, (ids.size + 1).toString(16).padStart(width, "0"));
    return ids.get(value);
  };
  const spans = otlp.resourceSpans.flatMap((r: any) => r.scopeSpans.flatMap((s: any) => s.spans));
  const first = spans.reduce((min: bigint, s: any) => (BigInt(s.startTimeUnixNano) < min ? BigInt(s.startTimeUnixNano) : min), BigInt(spans[0]?.startTimeUnixNano ?? 0));
  const base = 1_750_000_000_000_000_000n;
  const time = (t: string) => String(base + (BigInt(t) - first));
  for (const resource of otlp.resourceSpans) {
    resource.resource.attributes = resource.resource.attributes.filter((a: any) => a.key === "service.name" || a.key.startsWith("telemetry.sdk"));
    for (const scope of resource.scopeSpans) {
      for (const span of scope.spans) {
        span.traceId = id(span.traceId, 32);
        span.spanId = id(span.spanId, 16);
        if (span.parentSpanId) span.parentSpanId = id(span.parentSpanId, 16);
        span.startTimeUnixNano = time(span.startTimeUnixNano);
        span.endTimeUnixNano = time(span.endTimeUnixNano);
        for (const event of span.events ?? []) event.timeUnixNano = time(event.timeUnixNano);
        span.attributes = span.attributes.filter((a: any) => !/^(server\.port|url\.full)$/.test(a.key));
      }
    }
  }
  return otlp;
}

async function captureOne(name: string): Promise<void> {
  const stack = ALL.find((s) => s.name === name);
  if (!stack) throw new Error(`unknown stack ${name}; one of ${ALL.map((s) => s.name).join(", ")}`);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()); // parents of nested spans
  const fake = await startFakeProviders();
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const run: StackRun = { provider, baseURL: fake.url };
  const calls = await stack.run(run);
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans() as ReadableSpan[];
  const otlp = spans.length > 0 ? stabilise(JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!))) : { resourceSpans: [] };
  const packages = Object.fromEntries(stack.packages.map((p) => [p, version(p, stack.packagesDir)]));
  const dir = stack.steps ? join(OUT, "steps") : OUT;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${stack.name}.json`);
  writeFileSync(file, `${JSON.stringify({ stack: stack.name, dialect: stack.dialect, packages, calls, otlp }, null, 1)}\n`);
  await fake.close();
  await provider.shutdown();
  if (process.env.GENAI_FIXTURES_OUT === undefined) process.stdout.write(`${stack.name}: ${spans.length} spans -> ${file.slice(ROOT.length + 1)}\n`);
}

/** Installs genai-fixtures/extra/ from its lock when it has no node_modules yet. */
function installExtra(): void {
  if (existsSync(join(EXTRA, "node_modules"))) return;
  // npm's own warnings (e.g. about the user's npmrc) stay out of stderr; a failure throws with them in its message
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--silent"], { cwd: EXTRA, stdio: ["ignore", "ignore", "pipe"] });
}

const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));
if (process.argv.includes("--child")) {
  await captureOne(only[0]!);
} else {
  installExtra();
  for (const stack of only.length > 0 ? only : ALL.map((s) => s.name)) {
    const definition = STACKS.find((s) => s.name === stack);
    if (definition !== undefined && !stackInstalled(definition)) {
      process.stdout.write(`${stack}: skipped, its packages are not installed (npm ci in ${definition.packagesDir!.slice(ROOT.length + 1)})\n`);
      continue;
    }
    execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", stack], { stdio: "inherit", cwd: ROOT });
  }
}
