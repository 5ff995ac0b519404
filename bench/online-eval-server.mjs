// The backend of bench/online-eval.mjs in its own process (its ingest work stays off the measured process's CPU):
// an in-memory dev server on a free loopback port; prints its URL, runs until killed or its parent goes away.
import { createDevServer } from "../packages/dev-server/src/index.ts";

const quiet = () => undefined;
const server = await createDevServer({ port: 0, host: "127.0.0.1", inMemory: true, logger: { verbose: false, debug: quiet, info: quiet, warn: quiet, error: quiet, warnOnce: quiet } });
process.stdout.write(`${server.url}\n`);
process.stdin.on("end", () => process.exit(0)).resume(); // the parent went away
