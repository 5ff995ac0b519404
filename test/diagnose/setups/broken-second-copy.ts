// Broken: the app's `openai` is patched (`instrumentModules`), but @langchain/openai calls through its own nested
// copy (node_modules/@langchain/openai/node_modules/openai), which stays unpatched. Then fixed: that copy passed too,
// as @langchain/openai loads it (its ES module entry).
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { OpenAI } from "openai";
import { report, setupTracer } from "./report";

setupTracer({ instrumentModules: { openAI: OpenAI } });
await import("@langchain/openai");
await report("nested copy unpatched");
const nestedRoot = createRequire(createRequire(import.meta.url).resolve("@langchain/openai")).resolve("openai").replace(/index\.js$/, "");
const nested = (await import(pathToFileURL(`${nestedRoot}index.mjs`).href)) as { OpenAI: unknown };
setupTracer({ setAsDefault: false, instrumentModules: { openAI: nested.OpenAI } });
await report("nested copy patched too");
