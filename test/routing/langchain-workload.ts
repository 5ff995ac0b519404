/** Datapoint i's two LangChain calls (a ChatOpenAI model, or a chain ending in one): `invoke`, then `stream`. */
import { unitMark } from "./routing-check";

/** The part of a LangChain runnable the workload uses (ChatOpenAI, or `prompt.pipe(model)` with `{ question }` input). */
export interface LangChainRunnable<I> {
  invoke(input: I): Promise<{ content: unknown }>;
  stream(input: I): Promise<AsyncIterable<{ content: unknown }>>;
}

/** Datapoint i's calls: `unit-<i>/a` invoked, `unit-<i>/b` streamed; returns both answers. */
export async function langChainCalls<I>(runnable: LangChainRunnable<I>, i: number, input: (prompt: string) => I): Promise<string[]> {
  const first = await runnable.invoke(input(`${unitMark(i)}a`));
  let streamed = "";
  for await (const chunk of await runnable.stream(input(`${unitMark(i)}b`))) streamed += String(chunk.content);
  return [String(first.content), streamed];
}
