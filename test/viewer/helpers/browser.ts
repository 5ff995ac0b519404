/**
 * Playwright (playwright-core) driving a Chromium (see find-chromium.ts), headless. Pages record console errors, page
 * errors and CSP violations so tests can assert that nothing unexpected ran or broke.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";
import { findChromium, INSTALL_CHROMIUM } from "../../helpers/find-chromium";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const ARTIFACTS = join(ROOT, "test-artifacts", "viewer");
const DOC_SHOTS = join(ROOT, "docs", "screenshots");

/** Launches headless Chromium (`CHROMIUM_PATH`, the system's, or Playwright's: see find-chromium.ts). */
export function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (executablePath === undefined) throw new Error(`no Chromium for the browser tests: ${INSTALL_CHROMIUM}`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync",
    ],
  });
}

/** A page and the problems it reported. */
export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught page errors. */
  errors: string[];
  /** Requests to any origin other than the server's. */
  foreignRequests: string[];
}

/** Window size and colour scheme of a new page. */
export interface PageOptions {
  width?: number;
  height?: number;
  colorScheme?: "light" | "dark";
}

/** Opens a new page (1280×800 unless told) that records errors and requests leaving the server's origin. */
export async function openPage(browser: Browser, serverUrl: string, options: PageOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    deviceScaleFactor: 1,
    colorScheme: options.colorScheme ?? "light",
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  const foreignRequests: string[] = [];
  const origin = new URL(serverUrl).origin;
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("request", (request) => {
    if (new URL(request.url()).origin !== origin) foreignRequests.push(request.url());
  });
  return { page, errors, foreignRequests };
}

/** The pages whose screenshot is kept in `docs/screenshots/` for the README. */
const DOC_PAGES = new Set([
  "sessions", "session", "runs", "run", "compare", "runs-trends", "run-charts", "conversation", "dataset", "dark-compare", "narrow-run", "cost-no-price",
  "runs-verdict", "run-cases", "compare-header", "sessions-verdict", "run-14-metrics-1400", "run-14-metrics-800", "called-from", "queue",
  "add-to-dataset", "empty-project-note", "attachments", "prompts", "compare-significance",
  "trajectory-1400", "trajectory-800", "compare-trajectory-1400", "compare-trajectory-800",
  "prompt-diff-1400", "prompt-diff-800", "event-prompt-1400", "event-prompt-800", "queue-scores-1400", "queue-scores-800",
  "dataset-handles-1400", "dataset-handles-800",
  ...["anthropic-sdk", "openinference-anthropic", "openinference-langchain", "openinference-openai", "openllmetry-anthropic",
    "openllmetry-openai", "vercel-ai", "otel-genai-latest"].map((stack) => `genai-${stack}`),
]);

/**
 * Saves a screenshot of the viewport to `test-artifacts/viewer/<name>.png`; with `UPDATE_SCREENSHOTS=1`
 * also refreshes the committed copy in `docs/screenshots/<name>.png` for the README's pages.
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  if (process.env.UPDATE_SCREENSHOTS === "1" && DOC_PAGES.has(name)) {
    mkdirSync(DOC_SHOTS, { recursive: true });
    copyFileSync(file, join(DOC_SHOTS, `${name}.png`));
  }
  return file;
}

/** The viewer URL of a hash route, carrying the test key. */
export function viewerRoute(serverUrl: string, route: string, key: string): string {
  const sep = route.includes("?") ? "&" : "?";
  return `${serverUrl}/#${route}${sep}key=${encodeURIComponent(key)}`;
}

/** `expect.poll` with a timeout suited to a browser round trip on a loaded CI machine. */
export function eventually<T>(read: () => T | Promise<T>, timeout = 10_000): ReturnType<typeof expect.poll<T>> {
  return expect.poll(read, { timeout, interval: 100 });
}

/** Closes what a browser test opened: its page's context, the browser, then the server. */
export async function closeBrowserTest(watched: WatchedPage | undefined, browser: Browser | undefined, server: { close(): Promise<void> } | undefined): Promise<void> {
  await watched?.page.context().close();
  await browser?.close();
  await server?.close();
}
