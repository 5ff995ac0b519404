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

describe("holdWhileAwaited", () => {
  it("holds the process while awaited (await, .then, Promise.all), never when nobody awaits it", () => {
    const dir = mkdtempSync(join(tmpdir(), "hh-hold-awaited-"));
    const script = join(dir, "hold.mjs");
    // A promise nobody awaits, resolved by an unref'ed timer, must not keep the process alive: its handler never runs.
    writeFileSync(script, `
import { holdWhileAwaited } from ${JSON.stringify(source)};
const later = (ms, value) => new Promise((r) => setTimeout(() => r(value), ms).unref());
const background = holdWhileAwaited(later(60_000, "late")); // held, the child would be killed at 20 s
console.log(await holdWhileAwaited(later(150, "awaited")), background instanceof Promise);
const [all] = await Promise.all([holdWhileAwaited(later(100, "all"))]);
console.log(all);
holdWhileAwaited(later(100, "then")).then((value) => console.log(value));
process.on("exit", () => console.log("exit"));
`);
    const child = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", timeout: 20_000 });
    expect(child.signal).toBeNull();
    expect(child.stdout.trim().split("\n")).toEqual(["awaited true", "all", "then", "exit"]);
    expect(child.status).toBe(0);
  });
});

