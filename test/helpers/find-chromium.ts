/**
 * Where the browser tests find Chromium: `CHROMIUM_PATH`, else the system's (/usr/bin/chromium, Debian's package),
 * else the one Playwright installs (`npx playwright-core install chromium`). Shared by vitest.config.ts (which leaves
 * the browser test files out, reported as one skipped test, when there is none) and the tests' browser helper.
 */
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

/** How to get a Chromium, in one line. */
export const INSTALL_CHROMIUM = "install one (apt-get install chromium, or npx playwright-core install chromium) or set CHROMIUM_PATH";

/** Browser test files (they drive the viewer in a real Chromium). */
export const BROWSER_TEST_FILES = ["test/viewer/*-browser.test.ts", "test/dev-server/browser-origin.test.ts"];

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/** The first Chromium found, or undefined. `CHROMIUM_PATH` must exist when set (a wrong path is not passed over). */
export function findChromium(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  const candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", playwrightChromium()];
  return candidates.find((path): path is string => path !== undefined && existsSync(path));
}

/** True when the environment says this is CI (`CI=true`, or any other non-empty value but "0"/"false"). */
export function isCi(env: Record<string, string | undefined> = process.env): boolean {
  const value = env.CI;
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}
