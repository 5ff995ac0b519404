import { createServer } from "node:http";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli-harness";

/**
 * An error of the user's code that quotes the API key (a client that prints its configuration, a URL with the key in
 * it) never carries the key into what `honeyhive eval` prints or writes: the summary, the JSON, JUnit and Markdown
 * reports, for the function's errors, the evaluators' errors and an eval file that fails to load.
 */
// Not in the `hh_…` shape the log scrubber also recognises: only the key itself can identify it.
const SECRET = "sk-live-Zq8vT3nW5yR1uK7pL0sD";
let dir: string;
let closedUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hh-scrub-"));
  const probe = createServer();
  await new Promise<void>((listening) => probe.listen(0, "127.0.0.1", listening));
  closedUrl = `http://127.0.0.1:${(probe.address() as { port: number }).port}`;
  await new Promise((closed) => probe.close(closed));
  await writeFile(join(dir, "leaky.eval.mjs"), `export default {
  name: "leaky",
  dataset: [{ inputs: { n: 1 } }, { inputs: { n: 2 } }],
  function: (inputs) => { if (inputs.n === 2) throw new Error("request failed with key " + process.env.HH_API_KEY); return inputs.n; },
  evaluators: [function judge() { throw new Error("judge: bad key " + process.env.HH_API_KEY + "!"); }],
};
`);
  await writeFile(join(dir, "broken.eval.mjs"), `throw new Error("config " + JSON.stringify({ key: process.env.HH_API_KEY }));\n`);
});

describe("honeyhive eval never prints or writes the API key quoted by user code's errors", () => {
  it("the summary, standard error and the three reports carry [redacted] instead", async () => {
    const run = await runCli(["eval", "leaky.eval.mjs", "broken.eval.mjs", "--json", "r.json", "--junit", "r.xml", "--markdown", "r.md"], dir, {
      HH_API_KEY: SECRET, HH_API_URL: closedUrl,
    });
    expect(run.code).toBe(2); // the file that failed to load, and the results that could not be stored
    const written = await Promise.all(["r.json", "r.xml", "r.md"].map((name) => readFile(join(dir, name), "utf8")));
    const everything = [run.stdout, run.stderr, ...written].join("\n");
    expect(everything).toContain("request failed with key [redacted]");
    expect(everything).toContain("judge: bad key [redacted]!");
    expect(everything).toContain('config {"key":"[redacted]"}');
    expect(everything).not.toContain(SECRET);
  }, 60_000);
});
