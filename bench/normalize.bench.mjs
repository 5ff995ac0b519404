// Micro-benchmark of src/normalize on the hot path. Run: npx tsx bench/normalize.bench.mjs
// Reports the median ns per call over several rounds (a fresh attributes object per call, as in tracing).
import { flattenInto, toAttributeValue, toJsonString, unflattenAttributes } from "../packages/honeyhive/src/normalize/index.ts";

const small = { answer: "Paris", score: 0.92, k: 3, user: "u1" };

function nested50() {
  const value = { meta: { model: "gpt-4o", temperature: 0.2, stream: false }, messages: [], usage: {} };
  for (let i = 0; i < 10; i++) value.messages.push({ role: i % 2 ? "assistant" : "user", content: `message number ${i}`, idx: i, ok: true });
  value.usage = { prompt: 120, completion: 48, total: 168, cached: 0, cost: 0.0031, tier: "std", region: "eu" };
  return value;
}
const medium = nested50();

/** Reference floor: an unguarded recursive flatten of plain objects (no budget, no hostile-value handling). */
function naiveFlatten(out, prefix, value) {
  let n = 0;
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === null || v === undefined) continue;
    if (typeof v === "object") n += naiveFlatten(out, prefix + "." + key, v);
    else {
      out[prefix + "." + key] = v;
      n++;
    }
  }
  return n;
}

function countLeaves(value) {
  const out = {};
  return flattenInto(out, "p", value);
}

function bench(name, fn, iterations) {
  for (let i = 0; i < iterations; i++) fn(); // warm-up
  const rounds = [];
  let sink = 0;
  for (let r = 0; r < 9; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink += fn();
    rounds.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  rounds.sort((a, b) => a - b);
  const median = rounds[4];
  const line = `${name.padEnd(44)} median ${median.toFixed(0).padStart(6)} ns/op   min ${rounds[0].toFixed(0).padStart(6)}`;
  console.log(sink < 0 ? "" : line);
  return median;
}

console.log(`node ${process.version}; leaves: small=${countLeaves(small)}, nested=${countLeaves(medium)}`);
bench("flattenInto small (4 leaves)", () => flattenInto({}, "honeyhive_outputs", small), 500_000);
bench("flattenInto nested (50 leaves)", () => flattenInto({}, "honeyhive_inputs", medium), 50_000);
bench("naive flatten small (reference, unsafe)", () => naiveFlatten({}, "honeyhive_outputs", small), 500_000);
bench("naive flatten nested (reference, unsafe)", () => naiveFlatten({}, "honeyhive_inputs", medium), 50_000);
bench("flattenInto primitive", () => flattenInto({}, "honeyhive_outputs.result", "Paris"), 1_000_000);
bench("toAttributeValue string", () => (toAttributeValue("Paris") === "Paris" ? 1 : 0), 1_000_000);
bench("toJsonString nested (50 leaves)", () => toJsonString(medium).length, 50_000);
bench("JSON.stringify nested (reference)", () => JSON.stringify(medium).length, 50_000);
const flat = {};
flattenInto(flat, "honeyhive_inputs", medium);
bench("unflattenAttributes nested (50 leaves)", () => (unflattenAttributes(flat, "honeyhive_inputs") ? 1 : 0), 50_000);
