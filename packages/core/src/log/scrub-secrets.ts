/**
 * Secret scrubbing for log lines and error messages. Secrets are removed as whole tokens, so a short key
 * (`local`, which `honeyhive serve` suggests) never rewrites ordinary words ("runs locally" stays intact):
 * - a literal secret (4+ characters) where it stands as a token (not preceded or followed by a letter, digit, `_` or `-`);
 *   a secret of 16+ characters is also removed inside a longer token (it cannot occur there by accident);
 * - the value of `Authorization` / `X-Api-Key` headers (`Authorization: Bearer x`, `"authorization":"x"`);
 * - `Bearer <token>` values of 8+ characters and `hh_…` keys;
 * - the same secret URL-encoded (a server echoing `sk-a%2Bb` for `sk-a+b`), and, for a secret of 16+ characters, any
 *   token of 8+ characters that is a piece of it (a server echoing a key's first 12 characters, "AbCdEfGhIjKl…").
 * The dev server's public key (`local`) is no secret (its viewer links carry it): it is not scrubbed, so the SDK's own
 * words ("the local verdict") stay intact for the many who use it.
 */
import { PUBLIC_LOCAL_KEY } from "../links/viewer-url";

const REDACTED = "[redacted]";
const LONG_SECRET = 16;
// Shorter strings are no real key and would only match ordinary words.
const MIN_SECRET = 4;
const HEADER_PATTERN = /\b((?:proxy-)?authorization|x-api-key)(["']?\s*[:=]\s*["']?)([^"'\r\n,;}]+)/gi;
const BEARER_PATTERN = /\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
const HH_KEY_PATTERN = /\bhh_[A-Za-z0-9_-]{6,}/g;
/** Tokens a piece of a long secret could be, as printed (key characters and percent escapes). */
const TOKEN_PATTERN = /[A-Za-z0-9._~+/=%-]{8,}/g;
const MIN_PIECE = 8;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The secret as `encodeURIComponent` writes it (the secret itself when nothing needs escaping or it cannot be encoded). */
function encodedForm(secret: string): string {
  try {
    return encodeURIComponent(secret);
  } catch {
    return secret; // a lone surrogate
  }
}

/** A scrubbing function for a fixed set of literal secrets (compiled once). */
type Scrubber = (message: string) => string;

/** Compiles a {@link Scrubber} for `secrets` (empty and non-string entries are ignored). */
export function createScrubber(secrets: readonly unknown[] = []): Scrubber {
  const usable = secrets.filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET && s !== PUBLIC_LOCAL_KEY);
  const forms = [...new Set(usable.flatMap((secret) => [secret, encodedForm(secret)]))];
  const patterns = forms.map((secret) => {
    const literal = escapeRegExp(secret);
    return secret.length >= LONG_SECRET ? new RegExp(literal, "g") : new RegExp(`(?<![A-Za-z0-9_-])${literal}(?![A-Za-z0-9_-])`, "g");
  });
  const long = forms.filter((secret) => secret.length >= LONG_SECRET);
  const isPiece = (token: string): boolean => long.some((secret) => secret.includes(token));
  return (message) => {
    let out = message;
    for (const pattern of patterns) out = out.replace(pattern, REDACTED);
    if (long.length > 0) out = out.replace(TOKEN_PATTERN, (token) => (token.length >= MIN_PIECE && isPiece(token) ? REDACTED : token));
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
