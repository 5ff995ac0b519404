/**
 * Prompts with no account: a prompt kept as a file in the repository (`prompts/<name>.<env>.json`), pushed to the
 * local dev server with `honeyhive prompts push`, fetched with `getPrompt()`, compiled, and used for a model call
 * inside `withPrompt()`, so the call's model event carries the prompt's name and version.
 *
 * In a shell the push is `npx honeyhive prompts push` (with HH_API_URL / HH_API_KEY pointing at `npx honeyhive serve`);
 * here it runs the CLI from this repository's sources.
 */
import { localBackend } from "./support/local-backend"; // first: starts a local server and points HH_API_URL/HH_API_KEY at it
import { closeFakeOpenAI } from "./support/fake-openai"; // a local stand-in for the OpenAI API unless OPENAI_API_KEY is set
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { HoneyHiveTracer, withPrompt } from "honeyhive";

// The prompt file, as `honeyhive prompts pull` writes it (the version is recomputed on push).
const project = mkdtempSync(join(tmpdir(), "prompts-example-"));
mkdirSync(join(project, "prompts"));
writeFileSync(join(project, "prompts", "support-answer.prod.json"), JSON.stringify({
  name: "support-answer", env: "prod", provider: "openai", version: "",
  parameters: { call_type: "chat", model: "gpt-4o-mini", hyperparameters: { temperature: 0 }, template: [
    { role: "system", content: "You answer support questions in one sentence." },
    { role: "user", content: "{{question}}" },
  ] },
}, null, 2));

const cli = fileURLToPath(new URL("../packages/honeyhive/src/cli/main.ts", import.meta.url));
const push = async () => (await promisify(execFile)(process.execPath, [...process.execArgv, cli, "prompts", "push"], { cwd: project })).stdout.trim();
console.log(await push()); // support-answer@prod: created
console.log(await push()); // support-answer@prod: unchanged (nothing written)

const tracer = await HoneyHiveTracer.init({ sessionName: "prompts-example", instrumentModules: { openAI: OpenAI } });
const prompt = await tracer.getPrompt("support-answer", { strict: true });
console.log(`prompt ${prompt.name} version ${prompt.version} from ${prompt.source}`);

const openai = new OpenAI();
const completion = await withPrompt(prompt, () => openai.chat.completions.create(prompt.toOpenAI({ question: "Where is my order?" })));
console.log(completion.choices[0]?.message.content);

await tracer.flush();
await closeFakeOpenAI();
await localBackend.report();
