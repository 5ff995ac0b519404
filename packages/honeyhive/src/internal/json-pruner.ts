/**
 * Prunes a JSON text as it arrives, piece by piece: the members a {@link PruneSpec} names are stepped over (their
 * brackets and strings matched, nothing else), the rest is kept verbatim, so what is held is the pruned text only,
 * never the whole. JSON's structural characters are ASCII, and no byte of a multi-byte UTF-8 character (nor a UTF-16
 * unit of a non-ASCII character) is below 0x80, so a byte stream is scanned as it is, split anywhere (inside a string,
 * an escape or a character), with no decoding. The kept text is for `JSON.parse`, which checks its syntax: a left-out
 * part is checked only for its brackets and strings being closed. The one rule of the SDK's pruned reads
 * (`api-client/pruned-json.ts` reads a whole text with it; the transports feed it an answer's bytes).
 */
import {
  BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE, isJsonWhitespace,
} from "@honeyhive/core/text/json-char-codes";
import { LEFT_OUT, type PruneSpec } from "./prune-spec";
import { type JsonPiece, KeptBytes, KeptString, type KeptText } from "./kept-text";

export type { JsonPiece };

/** A member left out. */
export { LEFT_OUT, type PruneSpec };

type SpecObject = { readonly [member: string]: PruneSpec };


/** Where the scanner is: before the value, inside a pruned container (by what it expects next), in a value, after it. */
const Phase = { Start: 0, First: 1, Key: 2, InKey: 3, Colon: 4, Member: 5, Element: 6, After: 7, Span: 8, Done: 9 } as const;
type Phase = (typeof Phase)[keyof typeof Phase];

/** A pruned object or array open at the current point. */
interface Frame {
  readonly spec: SpecObject;
  readonly isObject: boolean;
  /** Members (elements) kept so far: a kept one after the first is preceded by a comma. */
  kept: number;
  /** The current member's spec and its key as it was written (an object's). */
  sub: PruneSpec | undefined;
  key: string;
}

function isDelimiter(code: number): boolean {
  return isJsonWhitespace(code) || code === COMMA || code === CLOSE_ARRAY || code === CLOSE_OBJECT;
}

function closerOf(frame: Frame): number {
  return frame.isObject ? CLOSE_OBJECT : CLOSE_ARRAY;
}

function codeAt(piece: JsonPiece, i: number): number {
  return typeof piece === "string" ? piece.charCodeAt(i) : piece[i]!;
}

function indexOfCode(piece: JsonPiece, code: number, from: number): number {
  return typeof piece === "string" ? piece.indexOf(String.fromCharCode(code), from) : piece.indexOf(code, from);
}

/** The next index of one code in a piece, remembered so a string of many escapes is not searched again and again. */
class NextIndex {
  private piece: JsonPiece | undefined;
  private at = -1;

  constructor(private readonly code: number) {}

  /** Forgets the piece searched (a new piece may be the same object, refilled). */
  reset(): void {
    this.piece = undefined;
  }

  from(piece: JsonPiece, i: number): number {
    if (piece !== this.piece || (this.at !== -1 && this.at < i)) {
      this.piece = piece;
      this.at = indexOfCode(piece, this.code, i);
    }
    return this.at;
  }
}

/**
 * A JSON text pruned as it is written to it (`write` each piece in order, then `end`): `end` returns the kept text
 * ("" for a text of whitespace only). Throws a SyntaxError as soon as the text cannot be JSON where it is scanned.
 */
export class JsonPruner {
  private readonly out: KeptText;
  private readonly key: KeptText;
  private readonly frames: Frame[] = [];
  private phase: Phase = Phase.Start;
  // the value being stepped over or copied: whether it is kept, its depth, and where in a string it is
  private keep = false;
  private depth = 0;
  private scalar = false;
  private inString = false;
  private escaped = false;
  private readonly quotes = new NextIndex(QUOTE);
  private readonly backslashes = new NextIndex(BACKSLASH);

  /** `form`: the form of the pieces written ("bytes": UTF-8, as an answer arrives; "text": strings). */
  constructor(private readonly spec: PruneSpec, form: "bytes" | "text") {
    this.out = form === "bytes" ? new KeptBytes() : new KeptString();
    this.key = form === "bytes" ? new KeptBytes() : new KeptString();
  }

  /** Units held (the kept text and a key being read): bytes when written bytes. */
  get held(): number {
    return this.out.length + this.key.length;
  }

  /** Scans the next piece of the text. */
  write(piece: JsonPiece): void {
    const n = piece.length;
    this.quotes.reset();
    this.backslashes.reset();
    let i = 0;
    while (i < n) {
      if (this.phase === Phase.Span) i = this.span(piece, i, n);
      else if (this.phase === Phase.InKey) i = this.keyText(piece, i, n);
      else if (isJsonWhitespace(codeAt(piece, i))) i++;
      else i = this.structural(piece, i);
    }
  }

  /** The kept text, once the whole text was written; a SyntaxError when it ended early. */
  end(): string {
    if (this.phase === Phase.Span && this.scalar && this.frames.length === 0) this.phase = Phase.Done;
    if (this.phase === Phase.Start) return "";
    if (this.phase !== Phase.Done) throw new SyntaxError("unterminated JSON text");
    return this.out.text();
  }

  /** A structural character (not whitespace) at `i` outside any value being scanned; returns the index after it. */
  private structural(piece: JsonPiece, i: number): number {
    const frame = this.frames[this.frames.length - 1];
    switch (this.phase) {
      case Phase.Start:
        return this.beginValue(piece, i, this.spec === LEFT_OUT ? undefined : this.spec, undefined);
      case Phase.Done:
        throw new SyntaxError("unexpected text after JSON");
      case Phase.First:
        if (codeAt(piece, i) === closerOf(frame!)) return this.close(i);
        return frame!.isObject ? this.beginKey(piece, i) : this.beginValue(piece, i, frame!.spec["[]"], frame);
      case Phase.Key:
        return this.beginKey(piece, i);
      case Phase.Colon:
        if (codeAt(piece, i) !== COLON) throw new SyntaxError("expected ':' in JSON");
        this.phase = Phase.Member;
        return i + 1;
      case Phase.Member:
        return this.beginValue(piece, i, frame!.sub, frame);
      case Phase.Element:
        return this.beginValue(piece, i, frame!.spec["[]"], frame);
      default:
        return this.afterValue(piece, i, frame!);
    }
  }

  /** After a member or element of `frame`: a comma, or its closing bracket. */
  private afterValue(piece: JsonPiece, i: number, frame: Frame): number {
    const code = codeAt(piece, i);
    if (code === closerOf(frame)) return this.close(i);
    if (code !== COMMA) throw new SyntaxError("expected ',' or a closing bracket in JSON");
    this.phase = frame.isObject ? Phase.Key : Phase.Element;
    return i + 1;
  }

  private beginKey(piece: JsonPiece, i: number): number {
    if (codeAt(piece, i) !== QUOTE) throw new SyntaxError("expected a member name in JSON");
    this.key.clear();
    this.key.appendText('"');
    this.inString = true;
    this.escaped = false;
    this.phase = Phase.InKey;
    return i + 1;
  }

  /** Reads a member name of a pruned object; once closed, what follows it is read with its spec. */
  private keyText(piece: JsonPiece, i: number, n: number): number {
    const end = this.stringEnd(piece, i, n);
    this.key.append(piece, i, end);
    if (this.inString) return end;
    const frame = this.frames[this.frames.length - 1]!;
    frame.key = this.key.text();
    this.key.clear();
    const name = JSON.parse(frame.key) as string;
    frame.sub = Object.hasOwn(frame.spec, name) ? frame.spec[name] : undefined;
    this.phase = Phase.Colon;
    return end;
  }

  /** The value starting at `i` (an element or member of `frame`, or the whole text's), read with its spec `sub`. */
  private beginValue(piece: JsonPiece, i: number, sub: PruneSpec | undefined, frame: Frame | undefined): number {
    const code = codeAt(piece, i);
    if (code === COMMA || code === COLON || code === CLOSE_ARRAY || code === CLOSE_OBJECT) throw new SyntaxError("expected a value in JSON");
    const keep = sub !== LEFT_OUT;
    if (keep && frame !== undefined) this.separate(frame);
    const container = code === OPEN_OBJECT || code === OPEN_ARRAY;
    if (keep && container && sub !== undefined) return this.open(code, i, sub);
    this.keep = keep;
    this.depth = container ? 1 : 0;
    this.scalar = !container && code !== QUOTE;
    this.inString = code === QUOTE;
    this.escaped = false;
    this.phase = Phase.Span;
    if (keep) this.out.append(piece, i, i + 1);
    return i + 1;
  }

  /** Writes what comes before a kept member (element) of `frame`: a comma after the first, and an object's key. */
  private separate(frame: Frame): void {
    if (frame.kept++ > 0) this.out.appendText(",");
    if (frame.isObject) this.out.appendText(`${frame.key}:`);
  }

  /** Opens the container whose bracket `code` is at `i`, pruned by `sub`. */
  private open(code: number, i: number, sub: SpecObject): number {
    this.out.appendText(code === OPEN_OBJECT ? "{" : "[");
    this.frames.push({ spec: sub, isObject: code === OPEN_OBJECT, kept: 0, sub: undefined, key: "" });
    this.phase = Phase.First;
    return i + 1;
  }

  /** Closes the innermost pruned container with its bracket at `i`. */
  private close(i: number): number {
    this.out.appendText(this.frames.pop()!.isObject ? "}" : "]");
    this.valueDone();
    return i + 1;
  }

  private valueDone(): void {
    this.phase = this.frames.length === 0 ? Phase.Done : Phase.After;
  }

  /** Steps over (or copies) the value being scanned, from `i`; returns where it stopped (its end, or the piece's). */
  private span(piece: JsonPiece, i: number, n: number): number {
    const j = this.scalar ? this.scalarEnd(piece, i, n) : this.nestedEnd(piece, i, n);
    if (this.keep) this.out.append(piece, i, j);
    if (j < n || (!this.scalar && this.depth === 0 && !this.inString)) this.valueDone();
    return j;
  }

  /** In a number or literal from `i`: the index of the character after it, or `n`. */
  private scalarEnd(piece: JsonPiece, i: number, n: number): number {
    let j = i;
    while (j < n && !isDelimiter(codeAt(piece, j))) j++;
    return j;
  }

  /** In a string, object or array from `i`: the index past its end (`depth` 0, not in a string), or `n`. */
  private nestedEnd(piece: JsonPiece, i: number, n: number): number {
    let j = i;
    while (j < n) {
      if (this.inString) {
        j = this.stringEnd(piece, j, n);
        if (!this.inString && this.depth === 0) return j;
        continue;
      }
      const code = codeAt(piece, j++);
      if (code === QUOTE) this.inString = true;
      else if (code === OPEN_OBJECT || code === OPEN_ARRAY) this.depth++;
      else if ((code === CLOSE_OBJECT || code === CLOSE_ARRAY) && --this.depth === 0) return j;
    }
    return n;
  }

  /** In a string from `i`: the index past its closing quote (and not in a string any more), or `n`. */
  private stringEnd(piece: JsonPiece, i: number, n: number): number {
    let j = i;
    while (j < n) {
      if (this.escaped) {
        this.escaped = false;
        j++;
        continue;
      }
      const quote = this.quotes.from(piece, j);
      const backslash = this.backslashes.from(piece, j);
      if (backslash !== -1 && (quote === -1 || backslash < quote)) {
        this.escaped = true;
        j = backslash + 1;
        continue;
      }
      if (quote === -1) return n;
      this.inString = false;
      return quote + 1;
    }
    return n;
  }
}
