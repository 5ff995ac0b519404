import { describe, expect, it } from "vitest";
import { findChromium, INSTALL_CHROMIUM, isCi } from "./helpers/find-chromium";

const chromium = findChromium();

describe("browser tests", () => {
  // Reported as skipped (with the line that says how to get a browser) when there is none outside CI.
  it.skipIf(chromium === undefined && !isCi())(`need a Chromium; without one they are skipped: ${INSTALL_CHROMIUM}`, () => {
    expect(chromium, `no Chromium for the browser tests (CI=true: a missing browser fails the run): ${INSTALL_CHROMIUM}`).toBeDefined();
  });

  it("finds CHROMIUM_PATH first, and never passes over a CHROMIUM_PATH that does not exist", () => {
    expect(findChromium({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
    expect(findChromium({ CHROMIUM_PATH: "/nonexistent/chromium" })).toBeUndefined();
    expect(isCi({ CI: "true" })).toBe(true);
    expect(isCi({ CI: "false" })).toBe(false);
    expect(isCi({})).toBe(false);
  });
});
