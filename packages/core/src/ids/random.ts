interface CryptoLike {
  randomUUID?: () => string;
  getRandomValues?: (array: Uint8Array) => Uint8Array;
}

function webCrypto(): CryptoLike | undefined {
  try {
    const crypto = (globalThis as { crypto?: CryptoLike }).crypto;
    return typeof crypto === "object" && crypto !== null ? crypto : undefined;
  } catch {
    return undefined;
  }
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function fillRandom(target: Uint8Array, note: (line: string) => void): void {
  const crypto = webCrypto();
  if (typeof crypto?.getRandomValues === "function") {
    try {
      crypto.getRandomValues(target);
      return;
    } catch {
      // fall back below
    }
  }
  note("crypto.getRandomValues is missing: ids come from Math.random (unique enough for tracing, not secret)");
  for (let i = 0; i < target.length; i++) target[i] = Math.floor(Math.random() * 256);
}

/** Bytes as lowercase hex (two digits a byte). */
export function hexOfBytes(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += HEX[b];
  return out;
}

/** `byteCount` random bytes as lowercase hex. */
export function randomHex(byteCount: number, note: (line: string) => void): string {
  const bytes = new Uint8Array(byteCount);
  fillRandom(bytes, note);
  return hexOfBytes(bytes);
}

/** A v4 UUID: `crypto.randomUUID` when present, else built from random bytes. */
export function randomUUID(note: (line: string) => void): string {
  const crypto = webCrypto();
  if (typeof crypto?.randomUUID === "function") {
    try {
      return crypto.randomUUID().toLowerCase();
    } catch {
      // fall back below
    }
  }
  note("crypto.randomUUID is missing: session ids are built from random bytes");
  const bytes = new Uint8Array(16);
  fillRandom(bytes, note);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => HEX[b]).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
