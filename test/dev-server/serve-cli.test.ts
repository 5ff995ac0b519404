import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { client, startServer, tempDir } from "./helpers";

const ROOT = join(__dirname, "..", "..");
/** The SDK's CLI (its `serve` delegates to the installed, built dev server package). */
const SDK_MAIN = join(ROOT, "packages", "honeyhive", "src", "cli", "main.ts");
/** The dev server's own executable, run from source. */
const DEV_BIN = join(ROOT, "packages", "dev-server", "src", "bin.ts");

interface Cli {
  output: () => string;
  exited: Promise<number | null>;
  waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
  signal: (s: NodeJS.Signals) => void;
}

/** Runs `serve …` through the dev server's own bin from source, or any command through the SDK's CLI. */
function runCli(args: string[], entry: "dev-bin" | "sdk" = "dev-bin"): Cli {
  const argv = entry === "dev-bin" ? [DEV_BIN, ...args.slice(args[0] === "serve" ? 1 : 0)] : [SDK_MAIN, ...args];
  const child = spawn(process.execPath, ["--import", "tsx", ...argv], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  const listeners: (() => void)[] = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const l of [...listeners]) l();
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    output: () => text,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = text.match(pattern);
          if (m) resolve(m);
        };
        listeners.push(check);
        check();
        void exited.then(() => setTimeout(() => reject(new Error(`exited before ${pattern}: ${text}`)), 50));
      }),
    signal: (s) => child.kill(s),
  };
}

describe("honeyhive serve", () => {
  it("is delegated by the SDK's CLI to the dev server package", async () => {
    const cli = runCli(["serve", "--help"], "sdk");
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/--data-dir/);
    expect(cli.output()).toMatch(/^Usage: honeyhive serve \[options\]/);
    const bad = runCli(["serve", "--nope"], "sdk");
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toBe('honeyhive serve: unknown option --nope\nRun "honeyhive serve --help" for usage.\n');
    const typo = runCli(["serve", "--prot", "5000"], "sdk");
    expect(await typo.exited).toBe(2);
    expect(typo.output()).toBe('honeyhive serve: unknown option --prot (did you mean --port?)\nRun "honeyhive serve --help" for usage.\n');
  });

  it("prints help, and names itself as it was run (honeyhive-dev-server)", async () => {
    const cli = runCli(["serve", "--help"]);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/--data-dir/);
    expect(cli.output()).toMatch(/--allow-remote/);
    expect(cli.output()).toMatch(/^Usage: honeyhive-dev-server \[options\]/);
    const bad = runCli(["serve", "--nope"]);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toBe('honeyhive-dev-server: unknown option --nope\nRun "honeyhive-dev-server --help" for usage.\n');
  });

  it("refuses a non-loopback host without --allow-remote, and unknown flags", async () => {
    const remote = runCli(["serve", "--host", "0.0.0.0", "--port", "0", "--in-memory"]);
    expect(await remote.exited).toBe(1);
    expect(remote.output()).toMatch(/allow-remote/);
    const bad = runCli(["serve", "--nope"]);
    expect(await bad.exited).toBe(2);
    const badPort = runCli(["serve", "--port", "abc", "--in-memory"]);
    expect(await badPort.exited).toBe(2);
    expect(badPort.output()).toMatch(/--port must be a whole number from 0 to 65535, got "abc"/);
  });

  it("answers out-of-range numbers, negative ones and --data-dir with --in-memory as usage errors (exit 2, one line and the hint)", async () => {
    const cases: [string[], string][] = [
      [["--port", "70000"], '--port must be a whole number from 0 to 65535, got "70000"'],
      [["--port", "-1"], '--port must be a whole number from 0 to 65535, got "-1"'],
      [["--max-body-bytes", "0"], '--max-body-bytes must be a whole number ≥ 1, got "0"'],
      [["--max-body-bytes", "-5"], '--max-body-bytes must be a whole number ≥ 1, got "-5"'],
      [["--data-dir", "somewhere", "--in-memory"], "--data-dir and --in-memory cannot be used together (--in-memory writes nothing to disk)"],
    ];
    for (const [args, message] of cases) {
      const cli = runCli(["serve", ...args]);
      expect(await cli.exited, cli.output()).toBe(2);
      expect(cli.output()).toBe(`honeyhive-dev-server: ${message}\nRun "honeyhive-dev-server --help" for usage.\n`);
    }
    const viaSdk = runCli(["serve", "--max-body-bytes", "0"], "sdk");
    expect(await viaSdk.exited).toBe(2);
    expect(viaSdk.output()).toBe('honeyhive serve: --max-body-bytes must be a whole number ≥ 1, got "0"\nRun "honeyhive serve --help" for usage.\n');
  });

  it("a port in use: exit 1 with one line naming --port", async () => {
    const taken = await startServer({ inMemory: true, port: 0 });
    try {
      const cli = runCli(["serve", "--port", String(new URL(taken.url).port), "--in-memory"]);
      expect(await cli.exited).toBe(1);
      expect(cli.output()).toMatch(/is already in use \(another port: --port <n>, then HH_API_URL with that port\)/);
    } finally {
      await taken.close();
    }
  });

  it("serves, prints the env to export, and shuts down on SIGTERM without losing writes (exit 143)", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const cli = runCli(["serve", "--port", "0", "--data-dir", dir]);
      const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      await cli.waitFor(/HH_API_KEY=local/);
      expect(cli.output()).toContain(`HH_API_URL=${url}`);
      // The viewer URL opens the suggested key's project directly (no key prompt).
      expect(cli.output()).toContain(`Viewer: ${url}/#/sessions?key=local`);
      const api = client({ url: url! });
      const session = await api.call("POST", "/session/start", { session: { session_name: "from-cli" } });
      expect(session.status).toBe(200);
      cli.signal("SIGTERM");
      expect(await cli.exited).toBe(143);
      expect(cli.output()).toMatch(/All data is saved/);
      const reopened = await startServer({ dataDir: dir });
      expect((await client(reopened).call("GET", `/v1/events/${session.body.session_id}`)).body.event.event_name).toBe("from-cli");
      await reopened.close();
    } finally {
      cleanup();
    }
  });

  // `honeyhive serve | head -1`, then SIGTERM: the shutdown's messages go to a pipe nobody reads any more (EPIPE).
  it("finishes its shutdown when its standard output was closed (exit 143, lock released, data saved)", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const child = spawn(process.execPath, ["--import", "tsx", DEV_BIN, "--port", "0", "--data-dir", dir], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const listening = /listening on (http:\/\/\S+)/.exec(out);
          if (listening && out.includes("Press Ctrl+C to stop.")) resolve(listening[1]!);
        });
        void exited.then(() => reject(new Error(`exited before listening: ${out}${stderr}`)));
      });
      const session = await client({ url }).call("POST", "/session/start", { session: { session_name: "piped" } });
      expect(session.status).toBe(200);
      child.stdout.destroy(); // the reader goes away, as `head -1` does after its line
      child.kill("SIGTERM");
      expect(await exited, stderr).toBe(143);
      expect(stderr).toBe("");
      expect(existsSync(join(dir, "honeyhive.lock"))).toBe(false);
      const reopened = await startServer({ dataDir: dir });
      expect((await client(reopened).call("GET", `/v1/events/${session.body.session_id}`)).body.event.event_name).toBe("piped");
      await reopened.close();
    } finally {
      cleanup();
    }
  });

  it("accepts --allowed-host names and refuses other Host headers with 403", async () => {
    const cli = runCli(["serve", "--port", "0", "--in-memory", "--allowed-host", "devbox.internal"]);
    const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const port = Number(new URL(url!).port);
    const status = (host: string) => new Promise<number>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path: "/health", headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(await status("devbox.internal")).toBe(200);
    expect(await status(`localhost:${port}`)).toBe(200);
    expect(await status("evil.example")).toBe(403);
    cli.signal("SIGTERM");
    expect(await cli.exited).toBe(143);
    expect(cli.output()).toMatch(/Stopped\. The data was in memory only and is gone\./);
    expect(cli.output()).not.toMatch(/All data is saved/);
  });

  // Ctrl-C, and the terminal closing (SIGHUP, which ended the server at once without closing its database)
  it("stops gracefully on SIGINT and SIGHUP too, exiting 128 + the signal's number (130, 129)", async () => {
    for (const [signal, code] of [["SIGINT", 130], ["SIGHUP", 129]] as const) {
      const { dir, cleanup } = tempDir();
      try {
        const cli = runCli(["serve", "--port", "0", "--data-dir", dir]);
        await cli.waitFor(/Press Ctrl\+C to stop\./);
        cli.signal(signal);
        expect(await cli.exited, cli.output()).toBe(code);
        expect(cli.output()).toContain(`Received ${signal}: finishing in-flight requests`);
        expect(cli.output()).toMatch(/All data is saved/);
        expect(existsSync(join(dir, "honeyhive.lock"))).toBe(false);
      } finally {
        cleanup();
      }
    }
  });
});
