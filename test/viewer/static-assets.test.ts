import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { VIEWER_CSP } from "../../packages/dev-server/src/viewer/static-handler";
import { startViewerServer } from "./helpers/viewer-server";

/** The viewer's static files: content types, security headers, caching, the build script, and source hygiene. */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
let fromSource: DevServer;
let fromBuild: DevServer;
let missing: DevServer;
let outdir: string;

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), "hh-viewer-build-"));
  execFileSync(process.execPath, [join(ROOT, "scripts", "build-viewer.mjs"), "--outdir", outdir], { stdio: "pipe" });
  // No viewer options: createDevServer serves the viewer by default.
  fromSource = await createDevServer({ port: 0, host: "127.0.0.1", inMemory: true, logger: createLogger({ sink: () => undefined }) });
  fromBuild = await startViewerServer(outdir);
  missing = await startViewerServer(join(outdir, "does-not-exist"));
}, 60_000);
afterAll(async () => {
  await Promise.all([fromSource.close(), fromBuild.close(), missing.close()]);
  rmSync(outdir, { recursive: true, force: true });
});

describe("viewer static files", () => {
  it("serves the HTML shell at / with a strict CSP and no inline script or style", async () => {
    const res = await fetch(`${fromSource.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toBe(VIEWER_CSP);
    expect(VIEWER_CSP).toMatch(/^default-src 'self';/);
    expect(VIEWER_CSP).not.toMatch(/unsafe|http:|data:/);
    // images: the viewer's own, attachments shown through blob: URLs, external images only after a click
    expect(VIEWER_CSP).toContain("img-src 'self' blob: https:;");
    expect(VIEWER_CSP).toContain("script-src 'self';");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const html = await res.text();
    expect(html).toContain('<script src="/assets/viewer.js" defer></script>');
    expect(html).not.toMatch(/<script>|<style|\sstyle=|\son\w+=|https?:\/\//i);
  });

  it("serves the bundle with correct content types, ETags and HEAD, built in memory when running from source", async () => {
    for (const [path, type] of [["/assets/viewer.js", "text/javascript; charset=utf-8"], ["/assets/viewer.css", "text/css; charset=utf-8"], ["/assets/favicon.svg", "image/svg+xml"]]) {
      const res = await fetch(fromSource.url + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toBe(type);
      expect(res.headers.get("content-security-policy")).toBe(VIEWER_CSP);
      const body = await res.text();
      expect(body.length).toBeGreaterThan(100);
      const etag = res.headers.get("etag")!;
      expect((await fetch(fromSource.url + path, { headers: { "if-none-match": etag } })).status).toBe(304);
      const head = await fetch(fromSource.url + path, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe("");
    }
  });

  it("serves the files written by scripts/build-viewer.mjs byte for byte", async () => {
    expect(readdirSync(outdir).sort()).toEqual(["viewer.css", "viewer.js"]);
    const js = readFileSync(join(outdir, "viewer.js"), "utf8");
    expect(js.length).toBeLessThan(150_000);
    expect(await (await fetch(`${fromBuild.url}/assets/viewer.js`)).text()).toBe(js);
    expect(await (await fetch(`${fromBuild.url}/assets/viewer.css`)).text()).toBe(readFileSync(join(outdir, "viewer.css"), "utf8"));
  });

  it("answers 503 with a hint when no bundle exists, and leaves unknown paths to the API's 404", async () => {
    const res = await fetch(`${missing.url}/assets/viewer.js`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("viewer unavailable");
    const unknown = await fetch(`${fromSource.url}/assets/../../etc/passwd`);
    expect(unknown.status).toBe(404);
    expect((await fetch(`${fromSource.url}/assets/other.js`)).status).toBe(404);
    expect((await fetch(`${fromSource.url}/health`)).status).toBe(200);
  });
});

describe("viewer server sources", () => {
  it("never use import.meta (a syntax error in the package's CommonJS build)", () => {
    const dir = join(ROOT, "packages", "dev-server", "src", "viewer");
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts") && !f.startsWith("client"));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect(readFileSync(join(dir, file), "utf8"), file).not.toMatch(/import\.meta\b(?!`)/);
  });
});

describe("viewer client sources", () => {
  const dir = join(ROOT, "packages", "dev-server", "src", "viewer", "client");
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));

  it("never parse HTML from strings, evaluate code, log, or load anything from another origin", () => {
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(join(dir, file), "utf8");
      expect(text, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setAttribute\("style"|console\./);
      // The SVG namespace is an identifier, not a location: nothing is loaded from it.
      expect(text.replaceAll('"http://www.w3.org/2000/svg"', ""), file).not.toMatch(/https?:\/\//);
    }
  });

  it("keep every file under 300 lines", () => {
    const styles = readdirSync(dir).filter((f) => f.endsWith(".css"));
    expect(styles).toContain("viewer.css");
    for (const file of [...files, ...styles]) {
      expect(readFileSync(join(dir, file), "utf8").split("\n").length, file).toBeLessThan(300);
    }
  });
});
