// Usage is read by following only the properties on the way to a usage key (domain/flatten.ts's flattenPaths): for
// every usage key, the same value as flattening the whole object, whatever mix of flat and nested keys holds it; and
// a call's large inputs or metadata no longer hide its tokens behind the flattening's leaf limit.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventUsage, readCall, USAGE_KEYS } from "../../packages/dev-server/src/domain/call-usage";
import { flatten, flattenPaths, pathLeaves, pathPrefixes, type PathLeaves } from "../../packages/dev-server/src/domain/flatten";

const WANTED = pathPrefixes(USAGE_KEYS);

/** `map` cut to the usage keys. */
function usageEntries(map: ReadonlyMap<string, unknown>): [string, unknown][] {
  return USAGE_KEYS.filter((key) => map.has(key)).map((key) => [key, map.get(key)]);
}

/** Objects whose keys are runs of the usage keys' segments (flat, nested and mixed), with unrelated keys beside them. */
const segments = [...new Set(USAGE_KEYS.flatMap((key) => key.split(".")))];
const keyArb = fc.oneof(
  fc.constantFrom(...USAGE_KEYS),
  fc.array(fc.constantFrom(...segments), { minLength: 1, maxLength: 3 }).map((parts) => parts.join(".")),
  fc.constantFrom("inputs", "run_id", "0", "gen_ai.prompt.0.content"),
);
const leafArb = fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.constantFrom("12", "x", "", true, null), fc.constant({}), fc.constant([]));
const { tree } = fc.letrec((tie) => ({
  tree: fc.dictionary(keyArb, fc.oneof({ depthSize: "small" }, leafArb, tie("tree"), fc.array(tie("tree"), { maxLength: 2 })), { maxKeys: 6 }),
}));

describe("flattenPaths", () => {
  it("gives every usage key the value flatten gives it", () => {
    fc.assert(fc.property(tree, (value) => {
      expect(usageEntries(flattenPaths(value, WANTED))).toEqual(usageEntries(flatten(value)));
    }), { numRuns: 500 });
  });

  it("gives the leaves, order and cut-off of a walk with an explicit stack (its former form)", () => {
    const stackWalk = (value: unknown, maxLeaves: number) => {
      const out = new Map<string, unknown>();
      const stack: [unknown, string, number][] = [[value, "", 0]];
      while (stack.length > 0 && out.size < maxLeaves) {
        const [v, path, depth] = stack.pop()!;
        if (typeof v === "object" && v !== null && depth < 32) {
          const keys = Object.keys(v);
          if (keys.length === 0 && path !== "") out.set(path, v);
          for (let i = keys.length - 1; i >= 0; i--) {
            const key = path === "" ? keys[i]! : `${path}.${keys[i]!}`;
            if (WANTED.has(key)) stack.push([(v as Record<string, unknown>)[keys[i]!], key, depth + 1]);
          }
        } else if (path !== "") out.set(path, v);
      }
      return out;
    };
    fc.assert(fc.property(tree, fc.integer({ min: 1, max: 8 }), (value, maxLeaves) => {
      expect([...flattenPaths(value, WANTED, maxLeaves)]).toEqual([...stackWalk(value, maxLeaves)]);
      expect([...flattenPaths(value, WANTED)]).toEqual([...stackWalk(value, 5000)]);
    }), { numRuns: 1000 });
  });

  it("is what pathLeaves reads, a flat object's leaves read in place (the same leaves, order, cut-off and lookups)", () => {
    const entries = (leaves: PathLeaves): [string, unknown][] => {
      const out: [string, unknown][] = [];
      leaves.forEach((value, path) => out.push([path, value]));
      return out;
    };
    const flat = fc.dictionary(keyArb, leafArb.filter((v) => typeof v !== "object" || v === null), { maxKeys: 8 });
    fc.assert(fc.property(fc.oneof(tree, flat), fc.integer({ min: 1, max: 8 }), (value, maxLeaves) => {
      for (const max of [maxLeaves, 5000]) {
        const [expected, read] = [flattenPaths(value, WANTED, max), pathLeaves(value, WANTED, max)];
        expect(entries(read)).toEqual([...expected]);
        expect(read.size).toBe(expected.size);
        for (const key of [...USAGE_KEYS, "inputs", "x"]) expect(read.get(key)).toBe(expected.get(key));
      }
    }), { numRuns: 1000 });
    expect(pathLeaves({ prompt_tokens: 3, inputs: { a: 1 } }, WANTED)).not.toBeInstanceOf(Map); // the flat case is read in place
  });

  it("lists every dotted prefix of the paths it follows", () => {
    expect([...pathPrefixes(["a.b.c", "d"])]).toEqual(["a", "a.b", "a.b.c", "d"]);
  });

  it("does not visit what no wanted path goes through", () => {
    const value = { inputs: { chat: [{ role: "user", content: "hi" }] }, gen_ai: { usage: { input_tokens: 3 }, prompt: "p" } };
    expect([...flattenPaths(value, WANTED)]).toEqual([["gen_ai.usage.input_tokens", 3]]);
  });
});

describe("usage read past a large object", () => {
  // 3,000 leaves of other metadata before the tokens: beyond the 2,000 leaves the flattening stopped at.
  const many = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`note_${i}`, i]));
  const metadata = { ...many, prompt_tokens: 11, completion_tokens: 7, cost: 0.5 };

  it("counts the tokens and cost of a model call whose metadata holds thousands of other leaves", () => {
    expect(eventUsage({ event_type: "model", metadata })).toMatchObject({ input_tokens: 11, output_tokens: 7, total_tokens: 18, cost: 0.5 });
  });

  it("prices such a call from the same tokens", () => {
    const reading = readCall({ metadata });
    expect([reading.tokens.input, reading.tokens.output, reading.reportedCost]).toEqual([11, 7, 0.5]);
  });
});
