/**
 * Protection against DNS rebinding and cross-site requests. A web page on another origin can make the
 * browser talk to the dev server (a rebinding DNS name resolving to 127.0.0.1, or a plain cross-origin
 * request); both are recognisable by their headers: the browser always sends the name it resolved in
 * `Host`, and the page's origin in `Origin` (on every cross-origin request and every POST/PUT/DELETE).
 * A request passes when its `Host` (and `Origin`, when present) name the server itself: a loopback name
 * or address on the bound port, the bound address, or an explicitly allowed host. Non-browser clients
 * (the SDK, curl) send a matching `Host` and no `Origin`, so they are unaffected.
 */
import { isIP } from "node:net";

/** Options of {@link createHostCheck}. */
interface HostCheckOptions {
  /** The address the server is bound to (e.g. "127.0.0.1", "::1", "0.0.0.0"). */
  host: string;
  /** Extra accepted host names: `name` (any port) or `name:port` (e.g. behind a reverse proxy). */
  allowedHosts?: readonly string[];
  /** Bound to a non-loopback interface: IP-literal hosts (which DNS rebinding cannot produce) pass too. */
  remote?: boolean;
}

/** Decides whether a request's `Host`/`Origin` headers name this server. */
export interface HostCheck {
  /** Sets the bound port once the server listens. */
  setPort(port: number): void;
  /** True when `host` (a Host header value, or undefined when absent) names this server. */
  allowsHost(host: string | undefined): boolean;
  /** True when `origin` (an Origin header value, or undefined when absent) is this server's own origin. */
  allowsOrigin(origin: string | undefined): boolean;
}

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1"];

/** Splits `name[:port]` / `[v6]:port` into a lowercase name (no brackets) and a port (undefined if absent). */
export function splitHost(value: string): { name: string; port: number | undefined } | undefined {
  const text = value.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(text);
  if (bracketed) return { name: bracketed[1] as string, port: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  const plain = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(text);
  if (plain) return { name: (plain[1] as string).replace(/\.$/, ""), port: plain[2] === undefined ? undefined : Number(plain[2]) };
  return undefined;
}

function isLoopbackLiteral(name: string): boolean {
  return name === "::1" || /^127(\.\d{1,3}){3}$/.test(name);
}

/** Creates the check for a server bound to `options.host`. */
export function createHostCheck(options: HostCheckOptions): HostCheck {
  let port = 0;
  const bound = splitHost(options.host)?.name ?? options.host.toLowerCase();
  const names = new Set([...LOOPBACK_NAMES, bound]);
  const anyPort = new Set<string>();
  const withPort = new Set<string>();
  for (const entry of options.allowedHosts ?? []) {
    const parsed = splitHost(entry);
    if (!parsed || parsed.name === "") throw new Error(`allowedHosts: "${entry}" is not a host name or host:port`);
    if (parsed.port === undefined) anyPort.add(parsed.name);
    else withPort.add(`${parsed.name}:${parsed.port}`);
  }
  const allowsName = (name: string, p: number): boolean => {
    if (anyPort.has(name) || withPort.has(`${name}:${p}`)) return true;
    if (p !== port) return false;
    if (names.has(name) || isLoopbackLiteral(name)) return true;
    return options.remote === true && isIP(name) !== 0;
  };
  return {
    setPort(value) {
      port = value;
    },
    allowsHost(host) {
      if (host === undefined) return true; // HTTP/1.0 without Host: not a browser
      const parsed = splitHost(host);
      return parsed !== undefined && allowsName(parsed.name, parsed.port ?? 80);
    },
    allowsOrigin(origin) {
      if (origin === undefined) return true;
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        return false; // "null" (sandboxed frames, file://) and garbage
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") return false;
      const name = url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
      return allowsName(name, url.port === "" ? 80 : Number(url.port));
    },
  };
}
