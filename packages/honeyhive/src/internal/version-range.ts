/**
 * The version ranges instrumentations declare (`supportedVersions` of their module definitions, node-semver syntax):
 * `*`, `x`, `1.2.x`, `^1.2.3`, `~1.2`, comparators (`>=4 <7`), `a - b` and `||`. Prerelease tags are ignored (a
 * `7.0.0-beta.1` is compared as `7.0.0`). Used by `diagnose()` to tell whether an installed version is in range.
 */

type Version = readonly [number, number, number];

/** `1.2.3`, `v1.2`, `1.x` → its numbers (missing or wildcard parts as `undefined`); undefined when unreadable. */
function parts(text: string): (number | undefined)[] | undefined {
  const match = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+].*)?$/.exec(text.trim());
  if (!match) return undefined;
  return [match[1], match[2], match[3]].map((p) => (p === undefined || /^[xX*]$/.test(p) ? undefined : Number(p)));
}

/** Parses an installed version (`6.49.0`, `7.0.0-beta.1`); undefined when it is not one. */
function parseVersion(text: string): Version | undefined {
  const p = parts(text);
  if (!p || p.some((n) => n === undefined)) return undefined;
  return p as unknown as Version;
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}

const floor = (p: (number | undefined)[]): Version => [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0];

/** The exclusive upper bound of a partial version: `1` → 2.0.0, `1.2` → 1.3.0. */
function nextOf(p: (number | undefined)[]): Version | undefined {
  if (p[0] === undefined) return undefined;
  if (p[1] === undefined) return [p[0] + 1, 0, 0];
  if (p[2] === undefined) return [p[0], p[1] + 1, 0];
  return undefined;
}

/** One comparator (`>=4`, `^1.2.3`, `~1.2`, `1.x`, `*`) as a test on a version. */
function comparator(text: string): ((v: Version) => boolean) | undefined {
  const match = /^(\^|~|>=|<=|>|<|=)?\s*(.+)$/.exec(text);
  if (!match) return undefined;
  const op = match[1] ?? "";
  const p = parts(match[2]!);
  if (!p) return undefined;
  const low = floor(p);
  if (op === ">=") return (v) => compare(v, low) >= 0;
  if (op === ">") return (v) => compare(v, low) > 0 && (nextOf(p) === undefined || compare(v, nextOf(p)!) >= 0);
  if (op === "<") return (v) => compare(v, low) < 0;
  if (op === "<=") return (v) => (nextOf(p) ? compare(v, nextOf(p)!) < 0 : compare(v, low) <= 0);
  let high = nextOf(p);
  if (op === "^") high = p[0] !== 0 || p[1] === undefined ? [low[0] + 1, 0, 0] : p[1] !== 0 || p[2] === undefined ? [0, low[1] + 1, 0] : [0, 0, low[2] + 1];
  if (op === "~") high = p[1] === undefined ? [low[0] + 1, 0, 0] : [low[0], low[1] + 1, 0];
  return (v) => compare(v, low) >= 0 && (high === undefined ? compare(v, low) === 0 || p[0] === undefined : compare(v, high) < 0);
}

/** One `||` alternative: comparators joined by spaces, or a hyphen range `a - b`. */
function alternative(text: string): ((v: Version) => boolean) | undefined {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
  const tokens = hyphen ? [`>=${hyphen[1]}`, `<=${hyphen[2]}`] : text.replace(/(>=|<=|>|<|=|\^|~)\s+/g, "$1").split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return () => true;
  const tests = tokens.map(comparator);
  if (tests.some((t) => t === undefined)) return undefined;
  return (v) => tests.every((t) => t!(v));
}

/**
 * True when `version` satisfies `range`; undefined when either cannot be read (the caller then makes no claim).
 */
export function satisfiesRange(version: string, range: string): boolean | undefined {
  const v = parseVersion(version);
  if (!v) return undefined;
  let readable = false;
  for (const text of range.split("||")) {
    const test = alternative(text.trim());
    if (!test) continue;
    readable = true;
    if (test(v)) return true;
  }
  return readable ? false : undefined;
}
