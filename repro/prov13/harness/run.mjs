/* global AbortController */
import { spawn } from "node:child_process";
import { evaluate, createApiClient } from "honeyhive";
import OpenAI from "openai";
import * as anthropicMod from "@anthropic-ai/sdk";
import * as mistral from "@mistralai/mistralai";
import { generateText, streamText } from "ai";
import { createOpenAI } from "@ai-sdk/openai";
import { startFakeProviders } from "./fake-providers.mjs";
import { startFaultProxy } from "./fault-proxy.mjs";

let unhandled = 0; process.on("unhandledRejection", (e) => { unhandled++; console.log("UNHANDLED REJECTION", e?.message); });
const N = Number(process.env.N ?? 60), CONC = Number(process.env.CONC ?? 12), RATE = Number(process.env.RATE ?? 0.05);
const serve = spawn("npx", ["honeyhive", "serve", "--port", "0", "--in-memory"], { stdio: ["ignore", "pipe", "inherit"] });
const hhUrl = await new Promise((r) => serve.stdout.on("data", (d) => { const m = /listening on (http\S+)/.exec(String(d)); if (m) r(m[1]); }));
const fake = await startFakeProviders();
const proxy = await startFaultProxy(hhUrl, RATE);
const oai = new OpenAI({ baseURL: fake.url + "/v1", apiKey: "sk-x", maxRetries: 0 });
const ant = new anthropicMod.Anthropic({ baseURL: fake.url, apiKey: "sk-ant", maxRetries: 0 });
const mis = new mistral.Mistral({ serverURL: fake.url + "/mistral", apiKey: "mk" });
const aisdk = createOpenAI({ baseURL: fake.url + "/v1", apiKey: "sk-y" });
const P = (i, t) => `DP-${i}-${t}` + (t.endsWith("E") ? " ERR" : t.endsWith("X") ? " ABORT" : t.endsWith("C") ? " CUT" : "");

const expected = new Map(); // marker -> {i, kind, outcome}
const plan = (i) => {
  const calls = [];
  const kinds = ["oai", "oais", "ant", "ants", "mis", "miss", "ai", "ais"];
  const n = 1 + (i % 3);
  for (let k = 0; k < n; k++) {
    const kind = kinds[(i * 3 + k) % kinds.length];
    let tag = String.fromCharCode(97 + k);
    if (i % 10 === 3 && k === 0) tag += "E";
    if (i % 10 === 7 && k === n - 1 && kind.endsWith("s")) tag += "X";
    if (i % 13 === 5 && k === n - 1 && kind.endsWith("s")) tag += "C";
    calls.push({ kind, tag });
  }
  return calls;
};
async function call(kind, prompt) {
  const ac = new AbortController();
  const abortAfterFirst = prompt.includes("ABORT");
  let text = "";
  const onChunk = (t) => { text += t; if (abortAfterFirst && text.length > 0) ac.abort(); };
  switch (kind) {
    case "oai": return (await oai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] })).choices[0].message.content;
    case "oais": { const s = await oai.chat.completions.create({ model: "gpt-4o-mini", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: prompt }] }, { signal: ac.signal }); for await (const c of s) onChunk(c.choices[0]?.delta?.content ?? ""); return text; }
    case "ant": return (await ant.messages.create({ model: "claude-3-5-haiku-latest", max_tokens: 50, messages: [{ role: "user", content: prompt }] })).content[0].text;
    case "ants": { const s = await ant.messages.create({ model: "claude-3-5-haiku-latest", max_tokens: 50, stream: true, messages: [{ role: "user", content: prompt }] }, { signal: ac.signal }); for await (const e of s) if (e.type === "content_block_delta") onChunk(e.delta.text); return text; }
    case "mis": return (await mis.chat.complete({ model: "mistral-small-latest", messages: [{ role: "user", content: prompt }] })).choices[0].message.content;
    case "miss": { const s = await mis.chat.stream({ model: "mistral-small-latest", messages: [{ role: "user", content: prompt }] }, { fetchOptions: { signal: ac.signal } }); for await (const e of s) onChunk(e.data.choices[0]?.delta?.content ?? ""); return text; }
    case "ai": return (await generateText({ model: aisdk.chat("gpt-4o-mini"), prompt, maxRetries: 0, experimental_telemetry: { isEnabled: true } })).text;
    case "ais": { const r = streamText({ model: aisdk.chat("gpt-4o-mini"), prompt, maxRetries: 0, abortSignal: ac.signal, experimental_telemetry: { isEnabled: true }, onError: () => {} }); for await (const t of r.textStream) onChunk(t); return text; }
  }
}
const dataset = Array.from({ length: N }, (_, i) => ({ inputs: { i } }));
const t0 = Date.now();
const result = await evaluate({
  name: "prov13-mix", apiKey: "k1", serverUrl: proxy.url, dataset, maxConcurrency: CONC,
  instrumentModules: { openAI: OpenAI, anthropic: anthropicMod, mistral },
  function: async ({ i }) => {
    const out = [];
    for (const { kind, tag } of plan(i)) {
      const prompt = P(i, tag);
      expected.set(`DP-${i}-${tag}`, { i, kind, prompt });
      try { out.push(await call(kind, prompt)); expected.get(`DP-${i}-${tag}`).ok = true; }
      catch (e) { out.push("ERR:" + (e?.name ?? "") + ":" + String(e?.message ?? e).slice(0, 60)); expected.get(`DP-${i}-${tag}`).err = String(e?.message ?? e); }
    }
    return out.join(" | ");
  },
  evaluators: [function hasEcho(output) { return output.includes("echo"); }],
});
console.log("evaluate took", Date.now() - t0, "ms; status", result.status, "uploaded", result.uploaded, result.uploadError ?? "", "verdict", JSON.stringify(result.verdict), "stats", JSON.stringify(result.stats), "mismatch", JSON.stringify(result.serverSummaryMismatch));
console.log("proxy", JSON.stringify(proxy.stats));
// read the server directly
const api = createApiClient({ apiKey: "k1", serverUrl: hhUrl, maxRetries: 0 });
const problems = [];
const seenMarkers = new Map();
const kindsOf = {};
for (const dp of result.datapoints) {
  const r = await api.events.export({ filters: [{ field: "session_id", operator: "is", value: dp.sessionId, type: "string" }], limit: 5000 });
  if (!r.ok) { problems.push(`export ${dp.index}: ${r.error}`); continue; }
  const evs = r.data.events;
  if (process.env.SHOW == dp.index) console.log(JSON.stringify(evs.map((e) => ({ t: e.event_type, n: e.event_name, err: e.error, in: JSON.stringify(e.inputs).slice(0, 150), out: JSON.stringify(e.outputs).slice(0, 100) })), null, 1));
  if (!evs.some((e) => e.event_type === "session")) problems.push(`dp ${dp.index}: no session event`);
  for (const e of evs.filter((e) => e.event_type === "model")) {
    const s = JSON.stringify([e.inputs, e.outputs]);
    const ms = [...new Set([...s.matchAll(/DP-(\d+)-([a-z][EXC]*)/g)].map((m) => m[0]))];
    if (ms.length !== 1) { problems.push(`dp ${dp.index}: model event ${e.event_name} markers ${JSON.stringify(ms)}`); continue; }
    const m = ms[0]; const exp = expected.get(m);
    if (!exp) { problems.push(`unknown marker ${m}`); continue; }
    if (exp.i !== dp.index) problems.push(`MISROUTED ${m} in dp ${dp.index}`);
    seenMarkers.set(m, [...(seenMarkers.get(m) ?? []), e]);
  }
}
for (const [m, exp] of expected) {
  const evs = seenMarkers.get(m) ?? [];
  const key = exp.kind + (exp.ok ? ":ok" : exp.prompt.includes("ABORT") ? ":abort" : exp.prompt.includes("CUT") ? ":cut" : ":err");
  kindsOf[key] = (kindsOf[key] ?? 0) + 1;
  if (evs.length === 0) { problems.push(`LOST ${m} (${key})`); continue; }
  // AI SDK emits 2 spans per call (ai.generateText + doGenerate) -> model events might be more; report
  const e = evs[evs.length - 1];
  const out = JSON.stringify(e.outputs ?? {});
  const meta = e.metadata ?? {};
  const tokens = meta.total_tokens ?? meta.completion_tokens ?? e.metrics?.total_tokens;
  const tag = `${m} ${key} n=${evs.length}`;
  if (evs.length > 1) problems.push(`DUP? ${tag} names=${evs.map((x) => x.event_name).join(",")}`);
  if (exp.ok && !exp.prompt.includes("ABORT") && !out.includes(`echo ${exp.prompt} done`)) problems.push(`OUTPUT not whole ${tag}: ${out.slice(0, 200)}`);
  if (exp.ok && !exp.prompt.includes("ABORT") && tokens == null) problems.push(`NO TOKENS ${tag}: meta=${JSON.stringify(meta).slice(0, 300)}`);
  if (!e.config?.model) problems.push(`NO MODEL ${tag}`);
  if (!exp.ok && !e.error) problems.push(`NO ERROR on failed call ${tag}: ${exp.err?.slice(0, 80)} out=${out.slice(0, 120)}`);
  if (exp.prompt.includes("ABORT") && !e.error) problems.push(`ABORT without error ${tag} (ok=${!!exp.ok}) out=${out.slice(0, 120)}`);
  if (/s$/.test(exp.kind) && exp.kind !== "mis" && exp.ok && !exp.prompt.includes("ABORT") && meta.time_to_first_token == null && e.metrics?.time_to_first_token == null && meta.ttft == null) problems.push(`NO TTFT ${tag}: ${JSON.stringify(Object.keys(meta))}`);
}
console.log("unhandled rejections", unhandled);
{ const r = await api.events.export({ filters: [{ field: "event_type", operator: "is", value: "session", type: "string" }], limit: 5000 });
  const ss = r.data.events; const ids = new Set(ss.map((e) => e.session_id));
  console.log("server sessions", ss.length, "distinct", ids.size, "result sessionIds", result.sessionIds.length, "missing", result.sessionIds.filter((x) => !ids.has(x)).length);
  const run = await api.runs.get(result.runId); const ev = run.ok ? run.data.evaluation : undefined; console.log("run event_ids", ev?.event_ids?.length, "status", ev?.status);
  let models = 0; for (const s of seenMarkers.values()) models += s.length; console.log("model events with marker", models, "calls", expected.size); }
console.log("calls by kind", JSON.stringify(kindsOf));
console.log("problems", problems.length); for (const p of problems.slice(0, 80)) console.log("  ", p);
if (process.env.DUMP) { const [m] = process.env.DUMP.split(","); console.log(JSON.stringify(seenMarkers.get(m), null, 1)); }
await proxy.close(); await fake.close(); serve.kill();
process.exit(0);
