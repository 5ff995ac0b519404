// What the gzipped bytes per span are made of: exports this SDK's traced workload uncompressed (the nested shape of
// bench/workload.mjs, batches of 512, as bench/wire-bytes.mjs sends it), then gzips the same requests again with one
// part of every span left out or changed at a time, at the SDK's level (3) and at zlib's default (6). Each row says
// how many bytes per span that part costs once compressed; no row is a change the SDK makes (see
// docs/decisions/0091-wire-bytes-per-span.md for what the servers read).
// Usage: npm run build && node bench/wire-bytes-breakdown.mjs [--calls 1024]
import { fork } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { SESSION_START_ANSWER } from "./sink.mjs";

/** Reads a protobuf varint at `pos` as a BigInt; returns [value, next position]. */
function readVarint(buf, pos) {
  let value = 0n;
  for (let shift = 0n; ; shift += 7n) {
    const b = buf[pos++];
    value |= BigInt(b & 0x7f) << shift;
    if (!(b & 0x80)) return [value, pos];
  }
}

/** The fields of one protobuf message, in order: `{ field, wire, value }` (value: BigInt, or the raw bytes). */
function parseMessage(buf) {
  const fields = [];
  let pos = 0;
  while (pos < buf.length) {
    let tag;
    [tag, pos] = readVarint(buf, pos);
    const field = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    let value;
    if (wire === 0) [value, pos] = readVarint(buf, pos);
    else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      value = buf.subarray(pos, pos + size);
      pos += size;
    } else if (wire === 2) {
      let length;
      [length, pos] = readVarint(buf, pos);
      value = buf.subarray(pos, pos + Number(length));
      pos += Number(length);
    } else throw new Error(`wire type ${wire} not expected in OTLP traces`);
    fields.push({ field, wire, value });
  }
  return fields;
}

function varint(value) {
  const out = [];
  let rest = BigInt(value);
  do {
    let b = Number(rest & 0x7fn);
    rest >>= 7n;
    if (rest) b |= 0x80;
    out.push(b);
  } while (rest);
  return Buffer.from(out);
}

function serializeMessage(fields) {
  return Buffer.concat(fields.flatMap(({ field, wire, value }) => {
    const tag = varint((field << 3) | wire);
    if (wire === 0) return [tag, varint(value)];
    if (wire === 2) return [tag, varint(value.length), value];
    return [tag, value];
  }));
}

/** Rewrites every span of an ExportTraceServiceRequest with `edit(spanFields)` (resource_spans → scope_spans → spans). */
function editSpans(body, edit) {
  const nested = (buf, field, inner) => serializeMessage(parseMessage(buf).map((f) => (f.field === field ? { ...f, value: inner(f.value) } : f)));
  return nested(body, 1, (rs) => nested(rs, 2, (ss) => nested(ss, 2, (span) => serializeMessage(edit(parseMessage(span))))));
}

const SPAN_ATTRIBUTES = 9;
const SPAN_END_TIME = 8;
const keyOf = (kv) => Buffer.from(parseMessage(kv).find((f) => f.field === 1).value).toString();
const withoutAttributes = (test) => (fields) => fields.filter((f) => !(f.field === SPAN_ATTRIBUTES && test(keyOf(f.value))));
const isDuration = (key) => key === "honeyhive_duration_ms";
const isTraceloopCopy = (key) => key.startsWith("traceloop.association.properties.");

const EDITS = [
  ["as sent", (fields) => fields],
  ["without honeyhive_duration_ms", withoutAttributes(isDuration)],
  ["without the traceloop.association.properties.* copies", withoutAttributes(isTraceloopCopy)],
  ["without both", withoutAttributes((key) => isDuration(key) || isTraceloopCopy(key))],
  ["end time zeroed (what its randomness costs)", (fields) => fields.map((f) => (f.field === SPAN_END_TIME ? { ...f, value: Buffer.alloc(8) } : f))],
];

if (process.argv[2] === "--child") {
  const { makeNested, work, workAsync, A, B } = await import("./workload.mjs");
  const { setup } = await import("./variants/honeyhive.mjs");
  const api = await setup({ sinkUrl: process.argv[3], work, workAsync, makeNested });
  for (let i = 0; i < Number(process.argv[4]); i++) await api.nested(A, B);
  await api.flush();
  await api.shutdown();
  process.exit(0);
}

const args = process.argv.slice(2);
const calls = Number(args[args.indexOf("--calls") + 1] || 1024) || 1024;
const bodies = [];
const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    if (req.url?.includes("/traces")) bodies.push(Buffer.concat(chunks));
    res.setHeader("content-type", "application/json");
    res.end(req.url?.endsWith("/session/start") ? SESSION_START_ANSWER : "{}");
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
await new Promise((resolve, reject) => {
  const child = fork(fileURLToPath(import.meta.url), ["--child", `http://127.0.0.1:${server.address().port}`, String(calls)], {
    env: { ...process.env, HH_API_KEY: "", HH_VERBOSE: "", HH_COMPRESSION: "none" }, stdio: "inherit",
  });
  child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the SDK's child exited with ${code}`))));
});
await new Promise((r) => server.close(r));

const spans = calls * 4;
console.log(`OTLP/protobuf bytes per span, ${spans} spans of the nested workload in ${bodies.length} requests; node ${process.version}`);
console.log("| spans | uncompressed | gzip level 3 (sent) | gzip level 6 |\n|---|---:|---:|---:|");
for (const [label, edit] of EDITS) {
  let raw = 0;
  let level3 = 0;
  let level6 = 0;
  for (const body of bodies) {
    const edited = editSpans(body, edit);
    raw += edited.length;
    level3 += gzipSync(edited, { level: 3 }).length;
    level6 += gzipSync(edited, { level: 6 }).length;
  }
  console.log(`| ${label} | ${(raw / spans).toFixed(1)} | ${(level3 / spans).toFixed(1)} | ${(level6 / spans).toFixed(1)} |`);
}
