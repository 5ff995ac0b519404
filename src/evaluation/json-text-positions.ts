/** Positions in JSON text, for error messages that name a line. */

/** The 1-based line of character `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(Math.max(0, offset), text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 0x0a) line += 1;
  return line;
}

/** The offset in a parser's message ("… at position 12"), or undefined. */
export function positionInMessage(message: string): number | undefined {
  const match = /position (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/**
 * The start offsets of the elements of the top-level array in valid JSON `text` (empty when the top level
 * is not an array). Skips strings, so brackets and commas inside them do not count.
 */
export function topLevelElementOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === "\\") i += 1;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === " " || c === "\n" || c === "\r" || c === "\t") continue;
    if (depth === 1 && expectValue && c !== "]") {
      offsets.push(i);
      expectValue = false;
    }
    if (c === '"') inString = true;
    else if (c === "[" || c === "{") {
      depth += 1;
      if (depth === 1) {
        if (c !== "[") return [];
        expectValue = true;
      }
    } else if (c === "]" || c === "}") depth -= 1;
    else if (c === "," && depth === 1) expectValue = true;
  }
  return offsets;
}
