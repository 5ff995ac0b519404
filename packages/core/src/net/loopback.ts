/** Loopback addresses: the one rule for "this server is on this machine" (dev server binding, viewer links, doctor's advice). */

/** True for 127.0.0.0/8, ::1 (bracketed or not), the IPv4-mapped 127.0.0.1 and "localhost". */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h) || h === "::ffff:127.0.0.1";
}

/** True when `url` parses and its host is a loopback host; false for anything else. Never throws. */
export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}
