/**
 * Terminal colour for the CLI: on when the stream is a terminal (and TERM is not "dumb"); `NO_COLOR` (any
 * non-empty value) turns it off and `FORCE_COLOR` turns it on ("0"/"false" off), NO_COLOR winning.
 */

/** What the colour decision looks at. */
interface ColorTarget {
  isTTY?: boolean;
}

/** Decides whether to write ANSI colours to `stream` under `env`. Pure. */
export function colorEnabled(stream: ColorTarget, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !["0", "false"].includes(force.toLowerCase());
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** Styling functions; identity functions when colour is off. */
export interface Palette {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

function wrap(on: boolean, open: number, close: number): (text: string) => string {
  return on ? (text) => `\x1b[${open}m${text}\x1b[${close}m` : (text) => text;
}

/** A palette that colours only when `enabled`. */
export function createPalette(enabled: boolean): Palette {
  return {
    bold: wrap(enabled, 1, 22),
    dim: wrap(enabled, 2, 22),
    red: wrap(enabled, 31, 39),
    green: wrap(enabled, 32, 39),
    yellow: wrap(enabled, 33, 39),
  };
}
