// Feedback from a browser without the API key: the server renders an answer with a short-lived feedback token, the
// page posts { token, value } to the app's feedback route, and createFeedbackHandler() records it on the session.
// A thumb flipped up, down and up again leaves one value; a tampered token is refused.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { localBackend } from "./support/local-backend"; // first: starts a local server and points HH_API_URL/HH_API_KEY at it
import { HoneyHiveTracer, createFeedbackHandler, feedbackToken, toNodeHandler, trace } from "honeyhive";

const tracer = new HoneyHiveTracer({ apiKey: process.env.HH_API_KEY, sessionName: "support-chat" });
const feedbackRoute = toNodeHandler(createFeedbackHandler()); // HH_API_KEY / HH_API_URL from the environment

const answer = trace(async function answer(question: string): Promise<string> {
  return `You asked: ${question}`;
});

// The app: GET /chat answers and hands the page a token for this session; POST /api/feedback records a rating.
const server = createServer((req, res) => {
  if (req.url === "/api/feedback") return feedbackRoute(req, res);
  void tracer.withSession({ sessionName: "chat" }, async (sessionId) => {
    const text = await answer("where is my order?");
    const token = await feedbackToken({ sessionId }, { ttlMs: 10 * 60_000, names: ["thumbs"] });
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ text, sessionId, token }));
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// What the browser does: it holds the token, never the key.
const page = (await (await fetch(`${base}/chat`)).json()) as { text: string; sessionId: string; token: string };
const rate = async (body: Record<string, unknown>): Promise<number> =>
  (await fetch(`${base}/api/feedback`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).status;
const flips = [await rate({ token: page.token, value: true }), await rate({ token: page.token, value: false, comment: "not my order" }), await rate({ token: page.token, value: true })];
const tampered = await rate({ token: page.token.slice(0, -2) + (page.token.endsWith("A") ? "BB" : "AA"), value: false });
console.log(`answer: ${page.text}`);
console.log(`three ratings: ${flips.join(", ")}; a tampered token: ${tampered}`);

const stored = await fetch(`${localBackend.url}/v1/events/${page.sessionId}`, { headers: { authorization: `Bearer ${process.env.HH_API_KEY}` } });
const { feedback } = ((await stored.json()) as { event: { feedback: Record<string, unknown> } }).event;
console.log(`stored feedback: ${JSON.stringify(feedback)}`);
if (feedback.thumbs !== true || tampered !== 403 || flips.some((s) => s !== 200)) throw new Error("feedback was not recorded as expected");

await new Promise((resolve) => server.close(resolve));
await tracer.flush();
await localBackend.report();
