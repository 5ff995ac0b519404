// `npm run bench:ab -- --full`: the report-only groups beside the gated ones, and the full report written to
// bench/out/ab-full.md (and, with `--readme`, into the BENCH block of docs/guide/performance.md). See bench/README.md.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readmeBlock, contextSentences, fullTable, replaceBenchBlock } from "./full-report.mjs";
import { findPeers, peersGroup } from "./peers.mjs";
import { evaluateDevServerGroup, ingestRateGroup, sessionGroup, startupOtelGroup, wireGroup } from "./report-groups.mjs";

/** The report-only group names, in the order they run after the gated ones. */
export const REPORT_GROUPS = ["evalDev", "ingestRate", "session", "startupOtel", "wire", "peers"];

/**
 * The report-only groups (factories by name, as ab.mjs keeps the gated ones) and `notes`: Map(group → why its rows
 * are empty), e.g. the peer harness not found.
 */
export function reportGroups({ quick, root, sinkUrl, log }) {
  const notes = new Map();
  const harness = findPeers(root);
  if (!harness) notes.set("peers", "peer harness not found");
  const groups = {
    evalDev: () => evaluateDevServerGroup({ n: quick ? 500 : 2000, devServerDist: join(root, "packages/dev-server/dist") }),
    ingestRate: () => ingestRateGroup({ spans: quick ? 20_000 : 200_000, batch: 512, senders: 4, rounds: quick ? 1 : 2 }),
    session: () => sessionGroup({ events: quick ? 2048 : 10_240, sessions: 5, reads: quick ? 3 : 5, rounds: quick ? 2 : 3 }),
    startupOtel: () => startupOtelGroup({ spawns: quick ? 3 : 6, sinkUrl, nodeModules: join(root, "node_modules"), rounds: 3 }),
    wire: () => wireGroup({ calls: quick ? 256 : 1024 }),
    ...(harness ? { peers: () => peersGroup({ harness, root, quick, rounds: quick ? 1 : 3, log }) } : {}),
  };
  return { groups, notes };
}

/**
 * Writes bench/out/ab-full.md and, when `readme`, replaces the BENCH block of docs/guide/performance.md with the same text.
 * `figures`: every figure of the run (gated and report-only); returns the text.
 */
export function writeFullReport({ root, figures, base, baseRef, rounds = [], machine, notes, readme, quick }) {
  const roundFlags = rounds.map(([flag, value]) => (value ? ` --${flag}=${value}` : "")).join("");
  const command = `npm run bench:ab -- --full${baseRef ? ` --base=${baseRef}` : ""}${roundFlags} --readme`;
  const table = fullTable(figures, { labels: { base: `base ${base.sha.slice(0, 7)}`, head: "head" }, notes });
  const block = readmeBlock({ command, base, machine, date: new Date().toISOString().slice(0, 10), table, context: contextSentences(figures), quick });
  const text = block.split("\n").slice(1, -1).join("\n");
  writeFileSync(join(root, "bench/out/ab-full.md"), `${text}\n`);
  if (readme) {
    const file = join(root, "docs/guide/performance.md");
    writeFileSync(file, replaceBenchBlock(readFileSync(file, "utf8"), block));
  }
  return text;
}
