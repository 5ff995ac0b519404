/**
 * Texts kept in a scratch file ({@link ScratchFile}) instead of memory, numbered from 0 in the order they were added
 * and read back as bytes: a streamed dataset's canonical texts, which its content version needs only once every row
 * is read, and which are as large as the dataset itself (decision record 0108). The latest texts wait in a small
 * buffer and go to the file a buffer at a time, so a small dataset never touches the disk. When the file cannot be
 * made or a write fails (a full disk), the texts written so far are read back and every text is kept in memory from
 * then on ({@link CompactTexts}): the same bytes either way. Never throws.
 */
import { CompactTexts } from "../internal/compact-texts";
import { Uint32List, withRoomFor } from "../internal/growable-array";
import { decodeUtf8, encodeUtf8, utf8Encoder } from "../internal/utf8";
import type { ScratchFile } from "../runtime/runtime";

/** Closes the file of texts dropped unreleased (a run that stopped before asking their version). */
const closeDropped = typeof FinalizationRegistry === "function" ? new FinalizationRegistry<ScratchFile>((file) => file.close()) : undefined;

/** Bytes buffered before they go to the file. */
const BUFFERED_BYTES = 1 << 18;

/** Texts in a scratch file, or in memory where there is none (see the file's comment). */
export class SpilledTexts {
  readonly #open: () => ScratchFile | undefined;
  #file: ScratchFile | undefined;
  /** Set once the texts are kept in memory instead (no file, or a write failed). */
  #memory: CompactTexts | undefined;
  /** Where each text starts (in the file's bytes, then the buffer's). */
  #start = new Float64Array(1024);
  readonly #length = new Uint32List();
  readonly #buffer: Uint8Array;
  #buffered = 0;
  /** Bytes in the file (the buffered ones come after them). */
  #written = 0;
  /** False once a text could not be read back from the file. */
  #intact = true;
  /** A text read from the file (grown to the longest one read). */
  #read = new Uint8Array(256);

  /** `open`: makes the scratch file when the first buffer is full. `bufferBytes`: the buffer's size. */
  constructor(open: () => ScratchFile | undefined, bufferBytes = BUFFERED_BYTES) {
    this.#open = open;
    this.#buffer = new Uint8Array(Math.max(16, bufferBytes));
  }

  /** Texts added. */
  get size(): number {
    return this.#memory?.size ?? this.#length.length;
  }

  /** False once a text could not be read back from the file (its bytes were then given as zeros). */
  get intact(): boolean {
    return this.#intact;
  }

  /** True once texts went to the scratch file, until it is closed (false while they all fit the buffer, or in memory). */
  get onDisk(): boolean {
    return this.#file !== undefined;
  }

  /** Keeps `text`; returns its number. */
  add(text: string): number {
    if (this.#memory) return this.#memory.add(text);
    const id = this.#length.length;
    let { read, written } = utf8Encoder().encodeInto(text, this.#buffer.subarray(this.#buffered));
    if (read < text.length) {
      this.#flush();
      if (this.#memory) return (this.#memory as CompactTexts).add(text);
      ({ read, written } = utf8Encoder().encodeInto(text, this.#buffer));
    }
    this.#start = withRoomFor(this.#start, id);
    this.#start[id] = this.#written + this.#buffered;
    if (read < text.length) {
      const bytes = encodeUtf8(text); // longer than the buffer: to the file at once
      this.#length.push(bytes.length);
      this.#append(bytes);
      return id;
    }
    this.#length.push(written);
    this.#buffered += written;
    return id;
  }

  /** The UTF-8 bytes of text `id` (a view valid until the next call: copy it to keep it). */
  bytes(id: number): Uint8Array {
    if (this.#memory) return this.#memory.bytes(id);
    const start = this.#start[id]!;
    const length = this.#length.at(id);
    if (start >= this.#written) return this.#buffer.subarray(start - this.#written, start - this.#written + length);
    if (this.#read.length < length) this.#read = new Uint8Array(Math.max(length, this.#read.length * 2));
    const into = this.#read.subarray(0, length);
    try {
      this.#file!.read(into, start);
    } catch {
      this.#intact = false; // the file cannot be read back (an I/O error): what these bytes make is not to be used
      into.fill(0);
    }
    return into;
  }

  /** Text `id`, as it was added (lone surrogates aside, which UTF-8 cannot spell). */
  text(id: number): string {
    return this.#memory ? this.#memory.text(id) : decodeUtf8(this.bytes(id));
  }

  /** Closes the file (or lets the memory go); nothing may be read or added afterwards. */
  release(): void {
    this.#closeFile();
    this.#memory?.release();
  }

  /** Sends the buffered bytes to the file; on failure, keeps every text in memory. */
  #flush(): void {
    if (this.#buffered === 0) return;
    this.#append(this.#buffer.subarray(0, this.#buffered));
  }

  #append(bytes: Uint8Array): void {
    const buffered = bytes.buffer === this.#buffer.buffer;
    try {
      if (this.#file === undefined) {
        this.#file = this.#open();
        if (this.#file === undefined) throw new Error("no scratch file");
        closeDropped?.register(this, this.#file, this);
      }
      this.#file.write(bytes, this.#written);
      this.#written += bytes.length;
      if (buffered) this.#buffered = 0;
    } catch {
      this.#toMemory(buffered ? undefined : bytes);
    }
  }

  /** Every text added so far into memory (`pending`: the last one, not in the file nor the buffer). */
  #toMemory(pending: Uint8Array | undefined): void {
    const memory = new CompactTexts();
    const count = this.#length.length - (pending ? 1 : 0);
    for (let id = 0; id < count; id++) memory.add(decodeUtf8(this.bytes(id)));
    if (pending) memory.add(decodeUtf8(pending));
    this.#closeFile();
    this.#memory = memory;
  }

  #closeFile(): void {
    if (this.#file === undefined) return;
    closeDropped?.unregister(this);
    this.#file.close();
    this.#file = undefined;
  }
}
