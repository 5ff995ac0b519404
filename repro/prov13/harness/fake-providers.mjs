// Loopback fake of OpenAI chat completions, Anthropic messages, Mistral chat (OpenAI shape): echoes the marker.
import { createServer } from "node:http";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function textOf(c) { if (typeof c === "string") return c; if (Array.isArray(c)) return c.map((p) => p?.text ?? "").join(""); return ""; }
function lastUser(body) { const m = [...(body.messages ?? [])].reverse().find((x) => x.role === "user"); return textOf(m?.content); }
export async function startFakeProviders() {
  const seen = [];
  const server = createServer(async (req, res) => {
    let raw = ""; for await (const c of req) raw += c;
    let body = {}; try { body = JSON.parse(raw); } catch { body = {}; }
    const prompt = lastUser(body);
    seen.push({ path: req.url, prompt, stream: !!body.stream });
    const answer = `echo ${prompt} done`;
    const words = answer.split(" ");
    const model = body.model ?? "m";
    await sleep(prompt.includes("SLOWLY") ? 150 : 5 + Math.random() * 20);
    if (prompt.includes("ERR")) {
      res.writeHead(400, { "content-type": "application/json" });
      return res.end(JSON.stringify(req.url.includes("messages") ? { type: "error", error: { type: "invalid_request_error", message: "fake bad request " + prompt } } : { error: { message: "fake bad request " + prompt, type: "invalid_request_error" } }));
    }
    const cut = prompt.includes("CUT"); // server drops the connection mid-stream
    const slow = prompt.includes("ABORT") || prompt.includes("SLOWLY"); // client aborts mid-stream
    if (req.url.includes("/messages")) {
      if (!body.stream) { res.writeHead(200, { "content-type": "application/json" }); return res.end(JSON.stringify({ id: "msg_1", type: "message", role: "assistant", model, content: [{ type: "text", text: answer }], stop_reason: "end_turn", stop_sequence: null, usage: { input_tokens: 11, output_tokens: words.length } })); }
      res.writeHead(200, { "content-type": "text/event-stream" });
      const send = (e, d) => res.write(`event: ${e}\ndata: ${JSON.stringify({ type: e, ...d })}\n\n`);
      send("message_start", { message: { id: "msg_1", type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 11, output_tokens: 1 } } });
      send("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
      for (let i = 0; i < words.length; i++) { send("content_block_delta", { index: 0, delta: { type: "text_delta", text: (i ? " " : "") + words[i] } }); await sleep(slow ? 40 : 2); if (cut && i === 1) return res.destroy(); }
      send("content_block_stop", { index: 0 });
      send("message_delta", { delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: words.length } });
      send("message_stop", {}); return res.end();
    }
    // OpenAI / Mistral chat completions
    const usage = { prompt_tokens: 11, completion_tokens: words.length, total_tokens: 11 + words.length };
    const created = Math.floor(Date.now() / 1000);
    if (!body.stream) { res.writeHead(200, { "content-type": "application/json" }); return res.end(JSON.stringify({ id: "cc-1", object: "chat.completion", created, model, choices: [{ index: 0, message: { role: "assistant", content: answer }, finish_reason: "stop", logprobs: null }], usage })); }
    res.writeHead(200, { "content-type": "text/event-stream" });
    const chunk = (delta, finish, extra = {}) => res.write(`data: ${JSON.stringify({ id: "cc-1", object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`);
    for (let i = 0; i < words.length; i++) { chunk(i === 0 ? { role: "assistant", content: words[i] } : { content: " " + words[i] }, null); await sleep(slow ? 40 : 2); if (cut && i === 1) return res.destroy(); }
    chunk({}, "stop");
    res.write(`data: ${JSON.stringify({ id: "cc-1", object: "chat.completion.chunk", created, model, choices: [], usage })}\n\n`);
    res.write("data: [DONE]\n\n"); res.end();
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}
