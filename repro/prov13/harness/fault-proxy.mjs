// Reverse proxy: ~rate of POST/PUT refused 503 (not forwarded), ~rate forwarded then answered 503 (answer lost).
import { createServer, request } from "node:http";
export async function startFaultProxy(target, rate = 0.05, seed = 7) {
  let s = seed; const rnd = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const stats = { refused: 0, lost: 0, writes: 0, byPath: {} };
  const t = new URL(target);
  const server = createServer(async (req, res) => {
    const chunks = []; for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const isWrite = req.method === "POST" || req.method === "PUT";
    let fault;
    if (isWrite) { stats.writes++; const r = rnd(); fault = r < rate ? "refuse" : r < rate * 2 ? "lose" : undefined; }
    if (fault) { const k = `${fault} ${req.method} ${req.url.split("?")[0]}`; stats.byPath[k] = (stats.byPath[k] ?? 0) + 1; }
    if (fault === "refuse") { stats.refused++; res.writeHead(503, { "content-type": "application/json" }); return res.end('{"error":"injected"}'); }
    const up = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: { ...req.headers, host: t.host } }, (ur) => {
      const out = []; ur.on("data", (c) => out.push(c)); ur.on("end", () => {
        if (fault === "lose") { stats.lost++; res.writeHead(503, { "content-type": "application/json" }); return res.end('{"error":"injected lost answer"}'); }
        res.writeHead(ur.statusCode, ur.headers); res.end(Buffer.concat(out));
      });
    });
    up.on("error", (e) => { res.writeHead(502); res.end(String(e)); });
    up.end(body);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, stats, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}
