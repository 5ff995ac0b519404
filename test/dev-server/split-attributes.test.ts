// A span's `honeyhive_<namespace>.*` attributes become the event's namespace fields (ingest/split-attributes.ts): a
// namespace with a deeper or bare key is rebuilt by the un-flattening rule from that namespace's keys alone, whatever
// other namespaces' keys (some sharing its leading text) sit beside them; the rest goes to metadata's extras.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVENT_NAMESPACES } from "../../packages/core/src/semconv/attributes";
import { unflattenAttributes } from "../../packages/core/src/values/unflatten";
import { splitAttributes } from "../../packages/dev-server/src/ingest/split-attributes";

/** The span's keys of namespace `ns` alone: the key `honeyhive_<ns>` itself, or it and a dot. */
function namespaceKeys(attributes: Record<string, unknown>, ns: string): Record<string, unknown> {
  const prefix = `honeyhive_${ns}`;
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => key === prefix || key.startsWith(`${prefix}.`)));
}

const heads = [...EVENT_NAMESPACES.map((ns) => `honeyhive_${ns}`), "honeyhive_input", "honeyhive_metricsX", "honeyhive_user", "gen_ai"];
const keyArb = fc.tuple(fc.constantFrom(...heads), fc.array(fc.constantFrom("a", "b", "0", "1", "_value", "", "__proto__"), { maxLength: 3 }))
  .map(([head, segments]) => [head, ...segments].join("."));
const attributesArb = fc.dictionary(keyArb, fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.boolean()), { maxKeys: 10 })
  .map((entries) => Object.assign(Object.create(null) as Record<string, unknown>, entries));

describe("splitAttributes", () => {
  it("rebuilds a namespace with a nested or bare key from that namespace's keys alone", () => {
    fc.assert(fc.property(attributesArb, (attributes) => {
      const { fields } = splitAttributes(attributes);
      for (const ns of EVENT_NAMESPACES) {
        const own = namespaceKeys(attributes, ns);
        const nested = Object.keys(own).some((key) => key === `honeyhive_${ns}` || key.indexOf(".", `honeyhive_${ns}.`.length) !== -1);
        if (nested) expect(JSON.stringify(fields[ns])).toBe(JSON.stringify(unflattenAttributes(own, `honeyhive_${ns}`) ?? {}));
      }
    }), { numRuns: 1000 });
  });

  it("keeps other namespaces' keys, and keys that only share a namespace's leading text, out of it", () => {
    const { fields, extras } = splitAttributes({
      "honeyhive_inputs.a.b": 1, "honeyhive_inputsX.a": 2, "honeyhive_input.a.b": 3, honeyhive_outputs: 4, "honeyhive_metadata.c": 5,
    });
    expect(fields.inputs).toEqual({ a: { b: 1 } });
    expect(fields.outputs).toEqual({ _value: 4 });
    expect(fields.metadata).toEqual({ c: 5 });
    expect(extras).toEqual({ "honeyhive_inputsX.a": 2, "honeyhive_input.a.b": 3 });
  });
});
