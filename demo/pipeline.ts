import { enrichSpan, trace } from "../packages/honeyhive/src/index";
import { CORPUS, type DemoDocument } from "./corpus";

/** What the pipeline returns for one question. */
export interface DemoAnswer {
  answer: string;
  sources: string[];
  answerer: "extractive" | "openai";
}

const STOPWORDS = new Set("a an and are as at be by called does for from how in is it its long made many much of on or the to was what when where which who why with".split(" "));

function tokens(text: string): string[] {
  return text.toLowerCase().replace(/[^a-z0-9.\s]/g, " ").split(/\s+/).filter((t) => t.length > 1 && !STOPWORDS.has(t));
}

function sentences(doc: DemoDocument): string[] {
  return doc.text.split(/(?<=\.)\s+/);
}

function overlap(question: string[], text: string): number {
  const words = new Set(tokens(text));
  return question.reduce((n, t) => n + (words.has(t) ? 1 : 0), 0);
}

/** Keyword retrieval: the top-k documents by overlap with the question (title words count double). */
export const retrieve = trace(function retrieve(question: string, k: number): DemoDocument[] {
  const q = tokens(question);
  const scored = CORPUS.map((doc) => ({ doc, score: overlap(q, doc.text) + 2 * overlap(q, doc.title) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
  enrichSpan({ metrics: { top_score: scored[0]?.score ?? 0 }, metadata: { retrieved: scored.map((s) => s.doc.id) } });
  return scored.map((s) => s.doc);
}, { eventType: "tool" });

/** Deterministic extractive answerer: the retrieved sentence sharing the most words with the question. */
export const extractAnswer = trace(function extractAnswer(question: string, passages: DemoDocument[]): string {
  const q = tokens(question);
  let best = { sentence: "", score: -1 };
  for (const doc of passages) {
    for (const sentence of sentences(doc)) {
      const score = overlap(q, sentence);
      if (score > best.score) best = { sentence, score };
    }
  }
  return best.sentence;
}, { eventType: "tool" });

/** Optional real model (only when OPENAI_API_KEY is set): answers from the retrieved passages. */
const askOpenAI = trace(async function askOpenAI(question: string, passages: DemoDocument[]): Promise<string> {
  const response = await fetch(`${process.env.OPENAI_BASE_URL ?? "https://api.openai.com/v1"}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${process.env.OPENAI_API_KEY}` },
    body: JSON.stringify({
      model: process.env.OPENAI_MODEL ?? "gpt-4o-mini",
      messages: [
        { role: "system", content: "Answer in one sentence using only the given notes." },
        { role: "user", content: `Notes:\n${passages.map((p) => p.text).join("\n")}\n\nQuestion: ${question}` },
      ],
    }),
  });
  const body = (await response.json()) as { choices?: { message?: { content?: string } }[] };
  return body.choices?.[0]?.message?.content ?? "";
}, { eventType: "model" });

/** The application under evaluation: retrieve, then answer. */
export const answerQuestion = trace(async function answerQuestion(question: string): Promise<DemoAnswer> {
  const passages = retrieve(question, 3);
  const useModel = Boolean(process.env.OPENAI_API_KEY);
  const answer = useModel ? await askOpenAI(question, passages) : extractAnswer(question, passages);
  return { answer, sources: passages.map((p) => p.id), answerer: useModel ? "openai" : "extractive" };
}, { eventType: "chain" });
