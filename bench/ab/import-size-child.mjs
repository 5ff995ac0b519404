// A/B gate child (import size): loads one build's `honeyhive` entry point — `import` (dist/index.js) or `require`
// (dist/index.cjs) — in this fresh process and prints the files of that build it loaded and their bytes: ES modules
// as the loader hooks see them, CommonJS files as Node compiles them.
// Usage: node import-size-child.mjs <dist dir> import|require [--list] (--list: the files too)
import Module, { createRequire, register } from "node:module";
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MessageChannel } from "node:worker_threads";

const dist = resolve(process.argv[2]);
const how = process.argv[3];
const files = new Map();
const { port1, port2 } = new MessageChannel();
port1.on("message", (url) => {
  if (url.startsWith("file:")) files.set(fileURLToPath(url), statSync(fileURLToPath(url)).size);
});
port1.unref();
const hooks = "let port; export function initialize(data) { port = data.port; } export async function load(url, context, next) { port.postMessage(url); return next(url, context); }";
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { port: port2 }, transferList: [port2] });
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  files.set(filename, Buffer.byteLength(content));
  return compile.call(this, content, filename);
};
if (how === "import") await import(pathToFileURL(`${dist}/index.js`).href);
else createRequire(import.meta.url)(`${dist}/index.cjs`);
await new Promise((resolve) => setTimeout(resolve, 50)); // the last loader messages
const own = [...files].filter(([file]) => file.startsWith(dist));
const list = process.argv.includes("--list") ? { list: own.map(([file]) => file) } : {};
process.stdout.write(JSON.stringify({ files: own.length, bytes: own.reduce((sum, [, bytes]) => sum + bytes, 0), ...list }));
