// A fault proxy: forwards to TARGET; ~FAIL_PCT % of POST/PUT answered 503 without forwarding, ~LOST_PCT % forwarded
// and then the client's socket destroyed before the answer ("processed but answer lost").
// Usage: node fault-proxy.mjs <listenPort> <targetUrl> [failPct=5] [lostPct=3]
import http from "node:http";
const [port, target, failPct = "5", lostPct = "3"] = process.argv.slice(2);
const t = new URL(target);
const counts = { forwarded: 0, failed: 0, lost: 0 };
let seed = Number(process.env.SEED ?? 1);
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 100;
http.createServer((req, res) => {
  const write = req.method === "POST" || req.method === "PUT";
  const r = write ? rand() : 100;
  if (r < Number(failPct)) { counts.failed++; req.resume(); res.writeHead(503).end("fault"); return; }
  const lose = r < Number(failPct) + Number(lostPct);
  const up = http.request({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers: { ...req.headers, host: t.host } }, (ur) => {
    if (lose) { counts.lost++; ur.resume(); ur.on("end", () => req.socket.destroy()); return; }
    counts.forwarded++; res.writeHead(ur.statusCode, ur.headers); ur.pipe(res);
  });
  up.on("error", () => res.destroy());
  req.pipe(up);
}).listen(Number(port), "127.0.0.1", () => console.log(`proxy on ${port} -> ${target}`));
process.on("SIGTERM", () => { console.log(JSON.stringify(counts)); process.exit(0); });
globalThis.setInterval(() => console.log(JSON.stringify(counts)), 5000).unref();
