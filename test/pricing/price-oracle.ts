/**
 * CPython as the oracle of a call's cost: given a model's prices (US dollars per million tokens per kind, a number or
 * `{ base, tiers: [[start, price], …] }`) and a call's token counts, it works the cost out with exact fractions, by
 * the rule the pricing documents — each part of the input (cache read, cache write, audio, image) and of the output
 * (reasoning, audio, image) at its own rate, capped by what the total has left, the rest at the plain rate; a tiered
 * price at the call's input count. Written from that rule, not from the TypeScript.
 */
import { spawnSync } from "node:child_process";

const SCRIPT = `
import json, sys
from fractions import Fraction as F
def num(x):
    return F(str(x)) if isinstance(x, float) else F(x)
def rate(p, n_in):
    if isinstance(p, dict):
        v = num(p["base"])
        for start, tier in p["tiers"]:
            if n_in > start: v = num(tier)
        return v
    return num(p)
def ok(n):
    return n if isinstance(n, (int, float)) and not isinstance(n, bool) and n >= 0 and n <= 1e12 and n == n and n != float("inf") else None
def side(total, plain, parts, n_in):
    left = None if total is None else num(total)
    cost = F(0)
    for tokens, p in parts:
        n = num(ok(tokens) or 0)
        if left is not None: n = min(n, left); left -= n
        cost += n * rate(p if p is not None else plain, n_in)
    if left is not None: cost += left * rate(plain, n_in)
    return cost
out = []
for price, u in json.load(sys.stdin):
    i, o = ok(u.get("inputTokens")), ok(u.get("outputTokens"))
    if i is None and o is None:
        out.append(None); continue
    n_in = i or 0
    c = side(i, price["input"], [(u.get("cacheReadTokens"), price.get("cacheRead")), (u.get("cacheWriteTokens"), price.get("cacheWrite")),
        (u.get("inputAudioTokens"), price.get("inputAudio")), (u.get("inputImageTokens"), price.get("inputImage"))], n_in)
    c += side(o, price["output"], [(u.get("reasoningTokens"), price.get("reasoning")), (u.get("outputAudioTokens"), price.get("outputAudio")),
        (u.get("outputImageTokens"), price.get("outputImage"))], n_in)
    out.append(float(c / 1000000))
json.dump(out, sys.stdout)
`;

/** True when `python3` runs here; see test/helpers/python3.ts for when its tests may be skipped. */
export { HAS_PYTHON, SKIP_PYTHON_ORACLE } from "../helpers/python3";

/** The cost CPython works out for each `[price, usage]` pair (null: the call reports neither input nor output). */
export function pythonCosts(cases: readonly (readonly [unknown, Record<string, unknown>])[]): (number | null)[] {
  const run = spawnSync("python3", ["-c", SCRIPT], { input: JSON.stringify(cases), encoding: "utf8", maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as (number | null)[];
}
