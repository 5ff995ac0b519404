import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const source = pathToFileURL(resolve(__dirname, "../../packages/honeyhive/src/internal/hold-process.ts")).href;

describe("holdProcessUntilSettled", () => {
  it("holds the process through each await (again after the shared timer was let go), then lets it exit by itself", () => {
    const dir = mkdtempSync(join(tmpdir(), "hh-hold-"));
    const script = join(dir, "hold.mjs");
    // Promises resolved by unref'ed timers alone: without the hold, Node ends an unsettled top-level await (exit 13).
    writeFileSync(script, `
import { holdProcessUntilSettled } from ${JSON.stringify(source)};
const later = (ms) => new Promise((r) => setTimeout(r, ms).unref());
await holdProcessUntilSettled(later(150));
console.log("first");
await holdProcessUntilSettled(Promise.all([holdProcessUntilSettled(later(100)), later(200)]));
console.log("second");
`);
    const started = Date.now();
    const child = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", timeout: 20_000 });
    expect(child.signal).toBeNull(); // not killed by the timeout: the process ended by itself
    expect(child.stdout.trim().split("\n")).toEqual(["first", "second"]);
    expect(child.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
