import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLogger, type LogLevel } from "../../packages/honeyhive/src/internal/logger";
import { scrubSecrets } from "../../packages/core/src/log/scrub-secrets";

function captured(secrets: string[]): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const log = createLogger({ secrets, sink: (_level: LogLevel, message: string) => lines.push(message) });
  return { lines, log };
}

describe("secret scrubbing (whole tokens only)", () => {
  it("a short key never rewrites ordinary words", () => {
    const { lines, log } = captured(["vault"]);
    log.warn("the server keeps vaults; vault-like is fine; key=vault, then vault.");
    expect(lines).toEqual(["the server keeps vaults; vault-like is fine; key=[redacted], then [redacted]."]);
  });

  it("the dev server's public key (local) is no secret: the SDK's own words keep it", () => {
    const { lines, log } = captured(["local"]);
    log.warn("the server counts 15 passed, the local verdict 30 passed; key=local");
    expect(lines).toEqual(["the server counts 15 passed, the local verdict 30 passed; key=local"]);
  });

  it("removes the key where it stands as a token, in JSON, URLs and quotes", () => {
    const key = "sk-test-42";
    expect(scrubSecrets(`{"api_key":"${key}"}`, [key])).toBe('{"api_key":"[redacted]"}');
    expect(scrubSecrets(`GET /x?key=${key}&y=1`, [key])).toBe("GET /x?key=[redacted]&y=1");
    expect(scrubSecrets(`'${key}'`, [key])).toBe("'[redacted]'");
    expect(scrubSecrets(`${key}x ${key}-more`, [key])).toBe(`${key}x ${key}-more`);
  });

  it("removes a long key even inside another token (it cannot be there by accident)", () => {
    const key = "abcdefghijklmnop1234";
    expect(scrubSecrets(`token%3D${key}%26`, [key])).toBe("token%3D[redacted]%26");
  });

  it("removes Bearer values and Authorization header values, not the word 'bearer' in prose", () => {
    expect(scrubSecrets("Authorization: Bearer eyJhbGciOi.x-y_z")).toBe("Authorization: [redacted]");
    expect(scrubSecrets('{"authorization":"Basic dXNlcjpwYXNz","ok":1}')).toBe('{"authorization":"[redacted]","ok":1}');
    expect(scrubSecrets("x-api-key=secretvalue")).toBe("x-api-key=[redacted]");
    expect(scrubSecrets("sent with bearer 0123456789abcdef")).toBe("sent with bearer [redacted]");
    expect(scrubSecrets("the bearer of bad news; authorization failed")).toBe("the bearer of bad news; authorization failed");
    expect(scrubSecrets("key hh_abcdef123 leaked")).toBe("key [redacted] leaked");
  });

  it("removes a key a server echoed URL-encoded, and pieces of 8+ characters of a long key (an echoed prefix)", () => {
    const key = "sk-SECRET+abc/def==";
    expect(scrubSecrets(`403: key ${encodeURIComponent(key)} refused`, [key])).toBe("403: key [redacted] refused");
    expect(scrubSecrets(`{"key":"${encodeURIComponent(key)}"}`, [key])).toBe('{"key":"[redacted]"}');
    const long = "AbCdEfGhIjKlMnOpQrStUvWx";
    expect(scrubSecrets(`invalid API key ${long.slice(0, 12)}… (expired)`, [long])).toBe("invalid API key [redacted]… (expired)");
    expect(scrubSecrets(`key ending ${long.slice(-8)}`, [long])).toBe("key ending [redacted]");
    // Pieces shorter than 8 characters and words that are no piece of the key stay.
    expect(scrubSecrets(`key ${long.slice(0, 7)}… and MnOpQrSt-not`, [long])).toBe(`key ${long.slice(0, 7)}… and MnOpQrSt-not`);
    expect(scrubSecrets("unauthorized request: check the configuration", [long])).toBe("unauthorized request: check the configuration");
  });

  it("ignores strings too short to be keys (they would only match words)", () => {
    expect(scrubSecrets("a cat", ["a", "cat", ""])).toBe("a cat");
  });

  it("property: a key is removed wherever it is a token and no other text changes", () => {
    const word = fc.stringMatching(/^[a-z]{1,8}$/);
    const key = fc.stringMatching(/^[a-z]{4,10}$/);
    fc.assert(
      fc.property(key, fc.array(word, { maxLength: 12 }), fc.array(fc.boolean(), { maxLength: 12 }), (k, words, asKey) => {
        const tokens = words.map((w, i) => (asKey[i] ? k : w === k ? `${w}x` : w));
        const glued = words.map((w) => `${w}${k}${w}`.replace(new RegExp(`^${k}$`), "q"));
        const message = [...tokens, ...glued].join(" ");
        const expected = [...tokens.map((t) => (t === k ? "[redacted]" : t)), ...glued].join(" ");
        expect(scrubSecrets(message, [k])).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});
