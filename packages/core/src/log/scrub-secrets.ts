/**
 * Secret scrubbing for log lines and error messages. Secrets are removed as whole tokens, so a short key
 * (`local`, which `honeyhive serve` suggests) never rewrites ordinary words ("runs locally" stays intact):
 * - a literal secret (4+ characters) where it stands as a token (not preceded or followed by a letter, digit, `_` or `-`);
 *   a secret of 16+ characters is also removed inside a longer token (it cannot occur there by accident);
 * - the value of `Authorization` / `X-Api-Key` headers (`Authorization: Bearer x`, `"authorization":"x"`);
 * - `Bearer <token>` values of 8+ characters and `hh_…` keys.
 */

const REDACTED = "[redacted]";
const LONG_SECRET = 16;
// Shorter strings are no real key and would only match ordinary words.
const MIN_SECRET = 4;
const HEADER_PATTERN = /\b((?:proxy-)?authorization|x-api-key)(["']?\s*[:=]\s*["']?)([^"'\r\n,;}]+)/gi;
const BEARER_PATTERN = /\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
const HH_KEY_PATTERN = /\bhh_[A-Za-z0-9_-]{6,}/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A scrubbing function for a fixed set of literal secrets (compiled once). */
type Scrubber = (message: string) => string;

/** Compiles a {@link Scrubber} for `secrets` (empty and non-string entries are ignored). */
export function createScrubber(secrets: readonly unknown[] = []): Scrubber {
  const usable = secrets.filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET);
  const patterns = usable.map((secret) => {
    const literal = escapeRegExp(secret);
    return secret.length >= LONG_SECRET ? new RegExp(literal, "g") : new RegExp(`(?<![A-Za-z0-9_-])${literal}(?![A-Za-z0-9_-])`, "g");
  });
  return (message) => {
    let out = message;
    for (const pattern of patterns) out = out.replace(pattern, REDACTED);
    return out
      .replace(HEADER_PATTERN, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`)
      .replace(BEARER_PATTERN, `$1${REDACTED}`)
      .replace(HH_KEY_PATTERN, REDACTED);
  };
}

/** Removes secrets from one message (see the module comment for the rules). */
export function scrubSecrets(message: string, secrets: readonly unknown[] = []): string {
  return createScrubber(secrets)(message);
}
