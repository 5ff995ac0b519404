/** The content hash of attachment bytes: SHA-256 through Web Crypto, which runs off the JavaScript thread on Node. */

/** Lowercase hex of the SHA-256 of `bytes`. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", bytes));
  let hex = "";
  for (const b of digest) hex += b.toString(16).padStart(2, "0");
  return hex;
}
