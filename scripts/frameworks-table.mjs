// The framework lanes' output (scripts/test-frameworks.mjs): the printed table (one line per stack and package), the
// summary line and the latest lane's banner, and docs/guide/providers.md's tested-versions section generated from a run.
//
// A stack is { name, pinned: { pkg: version }, rows: StackRow[] (test/frameworks/stack-row.ts: the stack's own row, then
// the rows of its other routes, `<stack>-<route>`), outcome: "passed" | "failed" | "unpriced" | "install failed" } for one
// Node's run ("unpriced": its tests passed but calls with tokens lacked a price, which fails the pinned lane);
// the providers page's section takes each stack across the run's Nodes (readmeSection).

const MARK_START = "<!-- FRAMEWORKS-LATEST:START -->";
const MARK_END = "<!-- FRAMEWORKS-LATEST:END -->";

const major = (version) => /^(\d+)\./.exec(String(version ?? ""))?.[1];

/** The packages of a stack whose installed major differs from the pinned one: `openai 7.0.0 (pinned 6.49.0)`. */
export function newMajors(stack) {
  const versions = Object.assign({}, ...stack.rows.map((r) => r.versions));
  return Object.entries(versions)
    .filter(([pkg, version]) => major(version) !== undefined && major(stack.pinned[pkg]) !== undefined && major(version) !== major(stack.pinned[pkg]))
    .map(([pkg, version]) => `${pkg} ${version} (pinned ${stack.pinned[pkg]})`);
}

function versionCell(stack, row, pkg, latest) {
  const installed = row?.versions?.[pkg] ?? "not installed";
  const pinned = stack.pinned[pkg];
  if (!latest || installed === pinned) return installed;
  const isNewMajor = major(installed) !== undefined && major(pinned) !== undefined && major(installed) !== major(pinned);
  return `${installed} (pinned ${pinned}${isNewMajor ? ", NEW MAJOR" : ""})`;
}

/** "ok", "FAILED", "FAILED (NO PRICE)" or "INSTALL FAILED" for a stack's (or one Node's run's) outcome. */
function resultCell(stack) {
  const cells = { passed: "ok", "install failed": "INSTALL FAILED", unpriced: "FAILED (NO PRICE)" };
  return cells[stack.outcome] ?? "FAILED";
}

/** Whether a row's calls with tokens include one without a price (`priced` "38/40"; a row without it: its unpriced models). */
export function lacksPrice(row) {
  const [priced, withTokens] = String(row?.priced ?? "").split("/").map(Number);
  if (Number.isFinite(priced) && Number.isFinite(withTokens)) return priced < withTokens;
  return (row?.unpricedModels ?? []).length > 0;
}

/**
 * The pinned lane's price gate: a stack whose tests passed but one of whose rows has calls with tokens and no price
 * becomes "unpriced" (a failure). The latest lane keeps the outcome and reports the models in the table's notes.
 */
export function gatePrices(stacks, { latest }) {
  if (latest) return stacks;
  return stacks.map((stack) => (stack.outcome === "passed" && stack.rows.some(lacksPrice) ? { ...stack, outcome: "unpriced" } : stack));
}

/** Pads every column to its widest cell. */
function align(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}

/** The table: one line per stack and package, the stack's figures on its first line. */
export function formatTable(stacks, { latest, date }) {
  const header = ["stack", "package", "version", "events/expected", "misrouted", "doubled", "inputs/outputs", "tokens", "priced", "provider", "first token", "result"];
  const rows = [header];
  const notes = [];
  for (const stack of stacks) {
    for (const r of stack.rows.length > 0 ? stack.rows : [undefined]) {
      const label = r?.stack ?? stack.name;
      const packages = Object.keys(r?.versions ?? stack.pinned);
      if (packages.length === 0) packages.push("—");
      const figures = r ? [`${r.modelEvents}/${r.expected}`, r.misrouted, r.doubleCounted, r.withInputsOutputs, r.withTokens, r.priced ?? "—", r.withProvider ?? "—", r.firstToken ?? "—"] : ["no result", "", "", "", "", "", "", ""];
      packages.forEach((pkg, i) => {
        const version = versionCell(stack, r, pkg, latest);
        rows.push(i === 0 ? [label, pkg, version, ...figures, resultCell(stack)] : ["", pkg, version, ...figures.map(() => ""), ""]);
      });
      for (const problem of r?.problems ?? []) notes.push(`  ${label}: ${problem}`);
      if ((r?.unpricedModels ?? []).length > 0) notes.push(`  ${label}: no price for ${r.unpricedModels.join(", ")} (calls with tokens and no cost)`);
    }
  }
  const title = `\n== framework stacks (${latest ? "latest published versions" : "pinned versions"}, ${date})`;
  return [title, align(rows), ...(notes.length > 0 ? ["", ...notes] : [])].join("\n");
}

/** The summary line (and, for a failing latest lane, the banner): counts of passed and failed stacks. */
export function summarize(stacks, { latest }) {
  const failedStacks = stacks.filter((s) => s.outcome !== "passed");
  const lane = latest ? "latest lane" : "pinned lane";
  const line = `${lane}: ${stacks.length - failedStacks.length} of ${stacks.length} stacks passed, ${failedStacks.length} FAILED`;
  if (failedStacks.length === 0) return { failed: 0, text: `\n${line}` };
  const details = failedStacks.map((s) => {
    const majors = newMajors(s);
    return `!!   ${s.name}: ${resultCell(s).toLowerCase()}${majors.length > 0 ? `; new major: ${majors.join(", ")}` : ""}`;
  });
  if (!latest) return { failed: failedStacks.length, text: [`\n${line}`, ...details.map((d) => d.replace(/^!!/, "  "))].join("\n") };
  const bar = "!".repeat(100);
  const banner = [
    bar,
    `!! LATEST LANE: ${failedStacks.length} stack(s) FAIL on the newest published versions`,
    ...details,
    "!! The pinned lane stays the CI gate; this lane reports and does not fail the run. Reproduce: npm run compat:latest -- --only=<stack>",
    bar,
  ];
  return { failed: failedStacks.length, text: ["", ...banner, line].join("\n") };
}

/** "20.20.2 ok, 24.21.0 FAILED" for a stack's runs, plus why it did not run on other Nodes. */
function nodesCell(runs, skipped = []) {
  const ran = runs.map((run) => `${run.node} ${resultCell(run)}`).join(", ");
  const left = skipped.map((s) => `not on ${s.node}: ${s.reason}`).join("; ");
  return [ran, left].filter(Boolean).join("; ") || "not run";
}

/** The route names (`stack`, `stack-route`) a stack's runs recorded, in the order of their first appearance. */
function routesOf(stack) {
  const routes = [...new Set(stack.runs.flatMap((run) => run.rows.map((r) => r.stack)))];
  return routes.length > 0 ? routes : [stack.name];
}

/** The figures of one route: the last Node's row that has it (the run on the newest Node), and every run's unpriced models. */
function routeFigures(stack, route) {
  const rows = stack.runs.flatMap((run) => run.rows.filter((r) => r.stack === route));
  const last = rows.at(-1);
  const unpriced = [...new Set(rows.flatMap((r) => r.unpricedModels ?? []))].sort();
  return { last, unpriced };
}

function newerCell(stack, row) {
  if (!row) return "—";
  const changed = Object.entries(row.versions).filter(([pkg, v]) => v !== stack.pinned[pkg]);
  return changed.length === 0 ? "same" : changed.map(([pkg, v]) => `\`${pkg}\` ${v}${major(v) !== major(stack.pinned[pkg]) ? " (new major)" : ""}`).join(", ");
}

/**
 * docs/guide/providers.md's tested-versions section for a latest-lane run: per stack (and route) the pinned versions and
 * the Nodes the last pinned-lane run (`pinnedLane`: { date, stacks }) passed on, the newer versions of the latest lane
 * and its Nodes (a stack left out on a Node says why), the figures of its run on the newest Node, and the models its
 * calls named that had tokens and no price. A stack is { name, pinned, runs: [{ node, rows, outcome }], skipped: [{ node, reason }] }.
 */
export function readmeSection(stacks, date, pinnedLane = undefined) {
  const nodes = [...new Set(stacks.flatMap((s) => [...s.runs.map((r) => r.node), ...s.skipped.map((r) => r.node)]))];
  const lines = [
    MARK_START,
    `Latest lane, last run ${date} on Node ${nodes.join(" and ")} (\`npm run compat:latest -- --node=${nodes.map((n) => major(n)).join(",")} --readme\` writes this table): every stack`,
    "installed with the newest published version of each package, same tests. The pinned versions (each stack's lockfile) are the CI gate" +
      (pinnedLane ? `; the pinned lane's last run: ${pinnedLane.date}.` : "."),
    "Figures are the run on the newest Node; \"no price\" lists the models whose calls had tokens but no price.",
    "",
    "| stack | pinned versions | pinned lane (Node) | newer in the latest lane | latest lane (Node) | model events / calls | misrouted | inputs+outputs | tokens | provider | first token | no price |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const stack of stacks) {
    const pinned = Object.entries(stack.pinned).map(([pkg, v]) => `\`${pkg}\` ${v}`).join(", ");
    const pinnedRuns = pinnedLane?.stacks?.find((s) => s.name === stack.name)?.runs;
    const pinnedCell = pinnedRuns ? nodesCell(pinnedRuns) : "—";
    for (const route of routesOf(stack)) {
      const { last, unpriced } = routeFigures(stack, route);
      const figures = last ? [`${last.modelEvents}/${last.expected}`, last.misrouted, last.withInputsOutputs, last.withTokens, last.withProvider ?? "—", last.firstToken ?? "—"] : ["—", "—", "—", "—", "—", "—"];
      const noPrice = !last ? "—" : unpriced.length === 0 ? "none" : unpriced.map((m) => `\`${m}\``).join(", ");
      lines.push(`| ${route} | ${pinned} | ${pinnedCell} | ${newerCell(stack, last)} | ${nodesCell(stack.runs, stack.skipped)} | ${figures.join(" | ")} | ${noPrice} |`);
    }
  }
  lines.push(MARK_END);
  return lines.join("\n");
}

/** Replaces the section between the markers (docs/guide/providers.md must hold them). */
export function replaceReadmeSection(readme, section) {
  const start = readme.indexOf(MARK_START);
  const end = readme.indexOf(MARK_END);
  if (start < 0 || end < start) throw new Error(`docs/guide/providers.md has no ${MARK_START} … ${MARK_END} section`);
  return `${readme.slice(0, start)}${section}${readme.slice(end + MARK_END.length)}`;
}
