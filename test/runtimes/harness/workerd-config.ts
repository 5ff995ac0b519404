/** Writes the workerd configuration (Cap'n Proto text) that serves one bundled module worker on 127.0.0.1. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export interface WorkerdConfigOptions {
  dir: string;
  /** File name of the bundled worker inside `dir`. */
  script: string;
  /** Compatibility flags: `nodejs_compat`, `nodejs_als` (AsyncLocalStorage as an import of node:async_hooks only), or none. */
  flags: readonly string[];
  bindings: Record<string, string>;
}

/** Writes `workerd.capnp` into `dir` and returns its path. The worker may reach loopback addresses only. */
export function writeWorkerdConfig(options: WorkerdConfigOptions): string {
  const flags = options.flags.map((flag) => JSON.stringify(flag)).join(", ");
  const bindings = Object.entries(options.bindings)
    .map(([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`)
    .join(", ");
  const config = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .mainWorker),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);

const mainWorker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed ${JSON.stringify(options.script)}) ],
  compatibilityDate = "2026-01-01",
  compatibilityFlags = [ ${flags} ],
  bindings = [ ${bindings} ],
  globalOutbound = "loopback",
);
`;
  const path = join(options.dir, "workerd.capnp");
  writeFileSync(path, config);
  return path;
}
