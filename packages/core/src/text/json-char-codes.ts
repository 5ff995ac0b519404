/**
 * The character codes of JSON's structural characters and whitespace. They are ASCII, so they are also the bytes of
 * those characters in UTF-8: a JSON text can be scanned byte by byte without decoding it.
 */

/** `"` */
export const QUOTE = 0x22;
/** `\` */
export const BACKSLASH = 0x5c;
/** `,` */
export const COMMA = 0x2c;
/** `:` */
export const COLON = 0x3a;
/** `{` */
export const OPEN_OBJECT = 0x7b;
/** `}` */
export const CLOSE_OBJECT = 0x7d;
/** `[` */
export const OPEN_ARRAY = 0x5b;
/** `]` */
export const CLOSE_ARRAY = 0x5d;
/** `0` */
export const ZERO = 0x30;
/** Line feed: the only character that ends a line of a JSON text. */
export const LINE_FEED = 0x0a;

/** Whether `code` is JSON whitespace (space, line feed, carriage return, tab). */
export function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === LINE_FEED || code === 0x0d || code === 0x09;
}
