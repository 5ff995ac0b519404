/**
 * Which header values the SDK sends as they are. HTTP carries a header value as bytes; Node and `fetch` refuse a
 * character above U+00FF (the request fails before a byte is sent) and any line break, and a character in
 * U+0080–U+00FF would reach a UTF-8 server as a different text. So a value built from configuration or user input
 * goes out only when it is visible ASCII with inner spaces; otherwise the header is left out (never re-encoded: no
 * HoneyHive server decodes an encoding of it, so one would arrive as a wrong value).
 */
const PLAIN_HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/** True when `value` can be sent as an HTTP header value unchanged (visible ASCII, spaces only inside). */
export function isPlainHeaderValue(value: string): boolean {
  return PLAIN_HEADER_VALUE.test(value);
}
