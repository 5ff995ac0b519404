// What the SDK does not record is named by diagnose() when its module is loaded: the OpenAI Realtime API (the real
// `openai` package's WebSocket client, loaded here), with what to do instead; not before it is loaded.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { diagnose } from "../../packages/honeyhive/src/diagnose/index";
import { untracedAmong } from "../../packages/honeyhive/src/diagnose/check-untraced";
import { UNTRACED_MODULES } from "../../packages/honeyhive/src/integrations/untraced-modules";

const untracedCheck = async () => (await diagnose({ backend: false })).checks.find((c) => c.id === "untraced");

describe("diagnose(): modules the SDK does not trace", () => {
  it("says ok while none is loaded, then names the OpenAI Realtime API once its WebSocket client is loaded, with what to do instead", async () => {
    expect(await untracedCheck()).toMatchObject({ status: "ok" });
    createRequire(import.meta.url)("openai/beta/realtime/websocket");
    const check = await untracedCheck();
    expect(check).toMatchObject({ status: "problem" });
    expect(check?.summary).toContain("OpenAI Realtime API");
    expect(check?.fix).toContain("trace()");
  });

  it("knows each module by its package and files: openai's realtime clients, not the rest of openai; any file of the realtime agents package", () => {
    const names = (files: Record<string, string[]>) => untracedAmong(new Map(Object.entries(files))).map((m) => m.packageName);
    expect(names({ openai: ["index.js", "resources/realtime/realtime.js", "resources/chat/completions.js"] })).toEqual([]);
    expect(names({ openai: ["index.mjs", "realtime/ws.mjs"] })).toEqual(["openai"]);
    expect(names({ openai: ["beta/realtime/websocket.js"] })).toEqual(["openai"]);
    expect(names({ "@openai/agents-realtime": ["dist/index.mjs"] })).toEqual([]); // loaded by every @openai/agents app
    expect(names({ "@mistralai/mistralai": ["esm/index.js"] })).toEqual([]);
    expect(names({ "@mistralai/mistralai": ["esm/extra/realtime/index.js"] })).toEqual(["@mistralai/mistralai"]);
    for (const module of UNTRACED_MODULES) expect(module.instead).toMatch(/trace\(\)/);
  });
});
