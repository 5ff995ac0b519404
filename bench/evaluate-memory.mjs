// evaluate()'s memory at scale: peak RSS of a process running evaluate() over 10,000 and 100,000 datapoints, from a
// JSON Lines file and from the API (a loopback fake serving the dataset page by page), uploading to a loopback sink.
// Writes the RSS samples (bench/out/evaluate-memory.json) and a plot of RSS over time (bench/out/evaluate-memory.svg).
//
// Run:  npm run build && node bench/evaluate-memory.mjs [--sizes=10000,100000] [--sources=file,api] [--results=full|summary]
//         [--node-flags='|--heap-growing-percent=100']
// (--results: evaluate()'s `datapointResults`, default "summary", the mode a run of this size is meant to use.
// --node-flags: sets of Node flags for the evaluate() process, separated by "|", each run once; an empty set is Node's
// defaults. `honeyhive eval` runs with --heap-growing-percent=100, and on Node 22+ --max-semi-space-size=16: decision
// records 0109 and 0110.)
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, createWriteStream } from "node:fs";
import { createServer } from "node:http";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).map((a) => { const [key, ...value] = a.replace(/^--/, "").split("="); return [key, value.join("=")]; }));
const sizes = String(args.sizes ?? "10000,100000").split(",").map(Number);
const sources = String(args.sources ?? "file,api").split(",");
const datapointResults = String(args.results ?? "summary");
const flagSets = String(args["node-flags"] ?? "").split("|").map((set) => set.split(" ").filter(Boolean));
const row = (i) => ({ inputs: { question: `what is ${i} + ${i}?`, context: "x".repeat(120) }, ground_truth: { answer: String(2 * i) } });
const datapointId = (i) => `${(i + 1).toString(16).padStart(24, "0")}`;

/** A loopback HoneyHive fake: the dataset `ds-<n>` of n generated datapoints, and 200 `{}` for every write. */
async function startFake() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    req.resume();
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.method === "GET" && url.pathname === "/v1/datasets") {
        const id = url.searchParams.get("dataset_id") ?? "";
        const n = Number(id.slice(3));
        return res.end(JSON.stringify({ datasets: [{ id, name: id, datapoints: Array.from({ length: n }, (_, i) => datapointId(i)) }] }));
      }
      if (req.method === "GET" && url.pathname === "/v1/datapoints") {
        const ids = url.searchParams.getAll("datapoint_ids").flatMap((v) => v.split(","));
        const datapoints = ids.map((id) => ({ id, ...row(parseInt(id, 16) - 1), metadata: {} }));
        return res.end(JSON.stringify({ datapoints }));
      }
      if (url.pathname.endsWith("/session/start") || url.pathname === "/v1/sessions") {
        return res.end(JSON.stringify({ session_id: "00000000-0000-4000-8000-000000000000" }));
      }
      if (req.method === "POST" && url.pathname === "/v1/runs") return res.end(JSON.stringify({ run_id: "00000000-0000-4000-8000-00000000beef" }));
      res.end("{}");
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

async function writeJsonl(path, n) {
  const out = createWriteStream(path);
  for (let i = 0; i < n; i++) if (!out.write(`${JSON.stringify(row(i))}\n`)) await new Promise((r) => out.once("drain", r));
  await new Promise((r) => out.end(r));
}

function runChild(job, flags) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...flags, join(here, "evaluate-memory-child.mjs"), JSON.stringify(job)], { maxBuffer: 256 * 1024 * 1024, env: { ...process.env, HH_API_KEY: "", HH_API_URL: "" } }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${error.message}\n${stderr.slice(-2000)}`));
      resolve(JSON.parse(stdout.trim().split("\n").pop()));
    });
  });
}

function svgPlot(runs) {
  const W = 900, H = 480, L = 70, B = 50, T = 30, R = 200;
  const maxMs = Math.max(...runs.map((r) => r.samples.at(-1)[0]));
  const maxMb = Math.max(300, ...runs.map((r) => r.peakRss / 2 ** 20)) * 1.1;
  const x = (ms) => L + ((W - L - R) * ms) / maxMs;
  const y = (mb) => H - B - ((H - B - T) * mb) / maxMb;
  const colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];
  const lines = runs.map((r, i) => {
    const points = r.samples.map(([ms, rss]) => `${x(ms).toFixed(1)},${y(rss / 2 ** 20).toFixed(1)}`).join(" ");
    const label = `${r.source} ${r.size.toLocaleString("en-US")} (${r.datapointResults}${r.flags.length ? ` ${r.flags.join(" ")}` : ""}): peak ${(r.peakRss / 2 ** 20).toFixed(0)} MB`;
    return `<polyline fill="none" stroke="${colors[i % colors.length]}" stroke-width="1.5" points="${points}"/>`
      + `<text x="${W - R + 10}" y="${T + 20 * i + 10}" font-size="12" fill="${colors[i % colors.length]}">${label}</text>`;
  });
  const ticks = [];
  for (let mb = 0; mb <= maxMb; mb += 100) ticks.push(`<line x1="${L}" x2="${W - R}" y1="${y(mb)}" y2="${y(mb)}" stroke="#eee"/><text x="${L - 8}" y="${y(mb) + 4}" font-size="11" text-anchor="end">${mb}</text>`);
  const budget = `<line x1="${L}" x2="${W - R}" y1="${y(256)}" y2="${y(256)}" stroke="#d62728" stroke-dasharray="6 4"/><text x="${L + 4}" y="${y(256) - 4}" font-size="11" fill="#d62728">256 MB</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif"><rect width="${W}" height="${H}" fill="white"/>`
    + `${ticks.join("")}${budget}<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="black"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="black"/>`
    + `<text x="${(L + W - R) / 2}" y="${H - 12}" font-size="12" text-anchor="middle">seconds since the process started evaluate() (max ${(maxMs / 1000).toFixed(0)} s)</text>`
    + `<text x="16" y="${(T + H - B) / 2}" font-size="12" transform="rotate(-90 16 ${(T + H - B) / 2})" text-anchor="middle">RSS (MB)</text>`
    + `<text x="${L}" y="18" font-size="13">evaluate() RSS over time, by dataset source and size</text>${lines.join("")}</svg>`;
}

const fake = await startFake();
const dir = mkdtempSync(join(tmpdir(), "hh-eval-memory-"));
const runs = [];
try {
  console.log(`load ${loadavg().map((l) => l.toFixed(2)).join(" ")}, datapointResults: ${datapointResults}`);
  for (const size of sizes) {
    for (const source of sources) {
      let job = { serverUrl: fake.url, datasetId: `ds-${size}`, datapointResults };
      if (source === "file") {
        const file = join(dir, `rows-${size}.jsonl`);
        await writeJsonl(file, size);
        job = { serverUrl: fake.url, file, datapointResults };
      }
      for (const flags of flagSets) {
        const out = await runChild(job, flags);
        runs.push({ source, size, datapointResults, flags, ...out });
        console.log(`${source.padEnd(4)} ${String(size).padStart(7)}${flags.length ? ` ${flags.join(" ")}` : ""}: peak RSS ${(out.peakRss / 2 ** 20).toFixed(0)} MB, first datapoint at ${out.firstDatapointMs} ms, ${(out.durationMs / 1000).toFixed(1)} s (CPU ${(out.cpuMs / 1000).toFixed(1)} s), ${out.total} datapoints`);
      }
    }
  }
} finally {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}
mkdirSync(join(here, "out"), { recursive: true });
writeFileSync(join(here, "out", "evaluate-memory.json"), JSON.stringify(runs.map(({ samples, ...r }) => ({ ...r, samples })), null, 0));
writeFileSync(join(here, "out", "evaluate-memory.svg"), svgPlot(runs));
console.log(`wrote ${join(here, "out", "evaluate-memory.json")} and ${join(here, "out", "evaluate-memory.svg")}`);
