/** Base64 characters that decode to `bytes` bytes (the shortest string that may carry a payload of that size). */
export function base64Chars(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}
