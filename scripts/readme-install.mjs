// Reads what the README's "Install" section tells a user, so scripts/check-install.mjs runs exactly that (the README
// cannot drift from what is checked): the npm commands, the commands that install from a checkout (the code block
// after `<!-- check-install: from a checkout -->`), the example (after `<!-- check-install: quickstart.mjs -->`), the
// command line that runs it and what it prints. Throws naming the missing piece.

/** The text of the README's `## Install` section. */
function installSection(readme) {
  const start = `\n${readme}`.indexOf("\n## Install\n");
  if (start < 0) throw new Error('README.md has no "## Install" section');
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The first fenced code block after `marker` (or after the section start when no marker is given). */
function codeBlockAfter(section, marker, language) {
  const from = marker === undefined ? 0 : section.indexOf(marker);
  if (from < 0) throw new Error(`README.md's Install section has no "${marker}" marker`);
  const fence = `\`\`\`${language}\n`;
  const open = section.indexOf(fence, from);
  const close = open < 0 ? -1 : section.indexOf("```", open + fence.length);
  if (open < 0 || close < 0) throw new Error(`README.md's Install section has no \`\`\`${language} block after ${marker ?? "its title"}`);
  return section.slice(open + fence.length, close);
}

/** Shell lines of a block without their trailing `# comment`, empty lines left out. */
function commandLines(block) {
  return block.split("\n").map((line) => line.replace(/\s+#.*$/, "").trim()).filter((line) => line.length > 0);
}

/**
 * Everything check-install needs from the README:
 * - `npmCommands`: the `npm install <name>@<range>` lines, as `{ command, name, range }`;
 * - `checkoutCommands`: the lines of the "from a checkout" block (the pack line first, then the installs);
 * - `quickstart`: the example's source; `run`: `{ url, key }` from its `HH_API_URL=… HH_API_KEY=… node quickstart.mjs`;
 * - `prints`: the lines the README says it prints (`<id>` standing for any id).
 */
export function readInstallReadme(readme) {
  const section = installSection(readme);
  const npmCommands = commandLines(codeBlockAfter(section, undefined, "sh")).map((command) => {
    const match = command.match(/^npm install (?:--save-dev )?((?:@[\w.-]+\/)?[\w.-]+)@(\S+)$/);
    if (!match) throw new Error(`README.md's npm install line is not "npm install [--save-dev] <name>@<range>": ${command}`);
    return { command, name: match[1], range: match[2] };
  });
  const checkoutCommands = commandLines(codeBlockAfter(section, "<!-- check-install: from a checkout -->", "sh"));
  const quickstart = codeBlockAfter(section, "<!-- check-install: quickstart.mjs -->", "js");
  const run = section.match(/`HH_API_URL=(\S+) HH_API_KEY=(\S+) node quickstart\.mjs`/);
  if (!run) throw new Error("README.md's Install section does not say how to run quickstart.mjs (`HH_API_URL=… HH_API_KEY=… node quickstart.mjs`)");
  const prints = section.match(/It prints `([^`]+)` and `([^`]+)`/);
  if (!prints) throw new Error("README.md's Install section does not say what quickstart.mjs prints (It prints `…` and `…`)");
  return { npmCommands, checkoutCommands, quickstart, run: { url: run[1], key: run[2] }, prints: [prints[1], prints[2]] };
}

/** A pattern for one printed line the README shows, where `<id>` stands for any id. */
export function printedLinePattern(line) {
  const parts = line.split("<id>").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join("\\S+")}$`, "m");
}

function parseVersion(text) {
  const match = text.match(/^(\d+)\.(\d+)\.(\d+)(?:-([\w.-]+))?$/);
  if (!match) throw new Error(`not a version: ${text}`);
  return { core: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4]?.split(".") ?? [] };
}

/** Semver precedence of two prerelease identifier lists (an empty list is a release, the highest). */
function comparePre(a, b) {
  if (a.length === 0 || b.length === 0) return (a.length === 0 ? 1 : 0) - (b.length === 0 ? 1 : 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === undefined || b[i] === undefined) return a[i] === undefined ? -1 : 1;
    const [x, y] = [a[i], b[i]];
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    if (x !== y) return numeric ? Number(x) - Number(y) : /^\d+$/.test(x) ? -1 : /^\d+$/.test(y) ? 1 : x < y ? -1 : 1;
  }
  return 0;
}

/** Whether `version` satisfies the caret range `^X.Y.Z[-pre]` as npm reads it (same major, not lower; X ≥ 1). */
export function satisfiesCaret(version, range) {
  if (!range.startsWith("^")) throw new Error(`not a caret range: ${range}`);
  const want = parseVersion(range.slice(1));
  const have = parseVersion(version);
  if (have.core[0] !== want.core[0]) return false;
  const sameCore = have.core.every((n, i) => n === want.core[i]);
  // npm matches a prerelease version only when its X.Y.Z is the range's own.
  if (have.pre.length > 0 && !sameCore) return false;
  for (let i = 1; i < 3; i++) if (have.core[i] !== want.core[i]) return have.core[i] > want.core[i];
  return comparePre(have.pre, want.pre) >= 0;
}
