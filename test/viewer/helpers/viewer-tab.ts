import type { Browser } from "playwright-core";
import type { DevServer } from "../../../packages/dev-server/src/index";
import { launchBrowser, openPage, viewerRoute, type WatchedPage } from "./browser";
import { KEY } from "./viewer-server";

/**
 * One browser per test file and one open viewer page at a time: opening a route closes the page opened before it.
 * `launch()` in `beforeAll`, `close()` in `afterAll`.
 */
export class ViewerTab {
  #browser: Browser | undefined;
  #watched: WatchedPage | undefined;

  /** Starts the browser. */
  async launch(): Promise<void> {
    this.#browser = await launchBrowser();
  }

  /** Closes the browser (and with it every page). */
  async close(): Promise<void> {
    await this.#browser?.close();
  }

  /** The page opened last. */
  get watched(): WatchedPage {
    if (!this.#watched) throw new Error("no viewer page opened yet");
    return this.#watched;
  }

  /** A new page on the viewer of `server`, at `route` with the test key when given (else still blank). */
  async open(server: DevServer, route?: string): Promise<WatchedPage> {
    if (!this.#browser) throw new Error("ViewerTab.launch() was not called");
    await this.#watched?.page.context().close();
    this.#watched = await openPage(this.#browser, server.url);
    if (route !== undefined) await this.#watched.page.goto(viewerRoute(server.url, route, KEY));
    return this.#watched;
  }
}
