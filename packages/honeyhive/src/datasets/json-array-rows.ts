/**
 * The elements of a JSON array file, split off as its text arrives a chunk at a time, so that a dataset file holding
 * one big array is read without holding it whole. Only the array's own structure is checked here (the opening
 * bracket, the commas between elements, the closing bracket, nothing after it); each element's text is parsed by the
 * caller, with the line it starts on for its errors.
 */
import {
  BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COMMA, LINE_FEED, OPEN_ARRAY, OPEN_OBJECT, QUOTE, isJsonWhitespace,
} from "@honeyhive/core/text/json-char-codes";
import { DatasetFileError } from "./dataset-file-error";

/** A row of a dataset file: its text and the 1-based line it starts on. */
export interface FileRow {
  text: string;
  number: number;
}

/** Where the splitter is in the array's structure. */
type Place = "before-array" | "first-element" | "next-element" | "in-element" | "after-array";

const NOT_AN_ARRAY = 'a JSON dataset file must hold an array of { "inputs": { … } } objects';

/** Splits a JSON array's text into its top-level elements; feed it with {@link push}, finish with {@link end}. */
export class JsonArrayRows {
  private place: Place = "before-array";
  private line = 1;
  private depth = 0; // nesting inside the current element
  private inString = false;
  private escaped = false;
  private element = ""; // the current element's text from chunks before this one
  private elementLine = 1;

  constructor(private readonly file: string) {}

  /** The elements completed by `text` (the next piece of the file). */
  push(text: string): FileRow[] {
    const rows: FileRow[] = [];
    let start = this.place === "in-element" ? 0 : -1; // where the current element's text starts in `text`
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === LINE_FEED) this.line += 1;
      if (this.place === "in-element") {
        if (this.insideElement(code)) continue;
        rows.push({ text: this.element + text.slice(start, i), number: this.elementLine });
        this.element = "";
        this.place = code === COMMA ? "next-element" : "after-array"; // "," or "]"
      } else if (!isJsonWhitespace(code) && this.startsElement(code)) {
        start = i;
        this.elementLine = this.line;
        this.place = "in-element";
        this.insideElement(code);
      }
    }
    if (this.place === "in-element") this.element += text.slice(start);
    return rows;
  }

  /** The line the splitter has reached (for an error found outside it, e.g. bytes that are not UTF-8). */
  get lineReached(): number {
    return this.line;
  }

  /** Checks that the array was closed (throws {@link DatasetFileError} otherwise): no element is left. */
  end(): FileRow[] {
    if (this.place === "before-array") throw new DatasetFileError(this.file, 1, NOT_AN_ARRAY);
    if (this.place !== "after-array") throw new DatasetFileError(this.file, this.line, "invalid JSON: the array is not closed (end of file)");
    return [];
  }

  /**
   * Whether `code` (outside any element, not a space) starts an element; moves past the array's brackets, throws on
   * anything else out of place.
   */
  private startsElement(code: number): boolean {
    if (this.place === "before-array") {
      if (code !== OPEN_ARRAY) throw new DatasetFileError(this.file, this.line, NOT_AN_ARRAY); // "["
      this.place = "first-element";
      return false;
    }
    if (this.place === "after-array") throw new DatasetFileError(this.file, this.line, "invalid JSON: text after the array's closing bracket");
    if (code === CLOSE_ARRAY) { // "]"
      if (this.place === "next-element") throw new DatasetFileError(this.file, this.line, "invalid JSON: a comma before the array's closing bracket");
      this.place = "after-array";
      return false;
    }
    if (code === COMMA) throw new DatasetFileError(this.file, this.line, "invalid JSON: a comma where an element was expected");
    return true;
  }

  /** Follows `code` inside an element; false when it ends the element (a "," or "]" at its top level). */
  private insideElement(code: number): boolean {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (code === BACKSLASH) this.escaped = true; // "\"
      else if (code === QUOTE) this.inString = false;
      return true;
    }
    if (code === QUOTE) this.inString = true;
    else if (code === OPEN_ARRAY || code === OPEN_OBJECT) this.depth += 1;
    else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
      if (this.depth === 0) return code !== CLOSE_ARRAY;
      this.depth -= 1;
    } else if (code === COMMA && this.depth === 0) return false;
    return true;
  }
}
