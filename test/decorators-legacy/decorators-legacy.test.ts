// Legacy decorators: this folder's tsconfig.json sets experimentalDecorators, which vitest's esbuild honours.
import { describe, expect, it } from "vitest";
import { trace, traceClass } from "../../packages/honeyhive/src/index";
import { createTestTracer } from "../../packages/honeyhive/src/testing";

const { tracer, spans } = createTestTracer();

class Bot {
  prefix = "legacy:";
  @trace({ eventType: "model", tracer })
  ask(question: string) {
    return this.prefix + question;
  }
  @trace
  plain(x: number) {
    return x;
  }
}

@traceClass({ tracer })
class Tools {
  static build() { return new Tools(); }
  use(n: number) { return n * 3; }
  get label() { return "tools"; }
}

describe("legacy experimentalDecorators", () => {
  it("@trace(options) wraps the method through its descriptor", async () => {
    expect(new Bot().ask("hi")).toBe("legacy:hi");
    const [span] = await spans();
    expect(span!.name).toBe("ask");
    expect(span!.attributes).toMatchObject({ honeyhive_event_type: "model", "honeyhive_inputs.question": "hi", "honeyhive_outputs.result": "legacy:hi" });
  });

  it("bare @trace and @traceClass work", async () => {
    tracer.trace(() => new Bot().plain(4));
    expect(Tools.build().use(2)).toBe(6);
    expect(Tools.build().label).toBe("tools");
    const names = (await spans()).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(["plain", "Tools.build", "Tools.use"]));
    expect(names).not.toContain("Tools.label");
  });
});
