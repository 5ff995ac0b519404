/** Positions in JSON text, for error messages that name a line. */

/** The 1-based line of character `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(Math.max(0, offset), text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 0x0a) line += 1;
  return line;
}

/**
 * The 1-based lines of the characters at `offsets` (ascending, as {@link topLevelElementOffsets} gives them): one pass
 * over the text for all of them (a {@link lineAt} per element would read the text again from its start each time).
 */
export function linesAt(text: string, offsets: readonly number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let newline = text.indexOf("\n"); // the next newline not counted yet (-1: none left)
  for (const offset of offsets) {
    while (newline !== -1 && newline < offset) {
      line += 1;
      newline = text.indexOf("\n", newline + 1);
    }
    lines.push(line);
  }
  return lines;
}

/** The offset in a parser's message ("… at position 12"), or undefined. */
export function positionInMessage(message: string): number | undefined {
  const match = /position (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

function isSpace(c: string): boolean {
  return c === " " || c === "\n" || c === "\r" || c === "\t";
}

/** The index of the quote closing the string that opens at `start`. */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i += 1;
    else if (text[i] === '"') return i;
  }
  return text.length;
}

function depthChange(c: string): number {
  return c === "[" || c === "{" ? 1 : c === "]" || c === "}" ? -1 : 0;
}

/**
 * The start offsets of the elements of the top-level array in valid JSON `text` (empty when the top level
 * is not an array). Skips strings, so brackets and commas inside them do not count.
 */
export function topLevelElementOffsets(text: string): number[] {
  let start = 0;
  while (start < text.length && isSpace(text[start]!)) start += 1;
  if (text[start] !== "[") return [];
  const offsets: number[] = [];
  let depth = 0; // nesting below the top-level array
  let expectValue = true;
  for (let i = start + 1; i < text.length && depth >= 0; i++) {
    const c = text[i]!;
    if (isSpace(c)) continue;
    if (depth === 0 && expectValue && c !== "]") offsets.push(i);
    expectValue = depth === 0 && c === ",";
    if (c === '"') i = endOfString(text, i);
    else depth += depthChange(c);
  }
  return offsets;
}
