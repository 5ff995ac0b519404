/**
 * The body of one answer as it arrives, held within a bound: whole, or, for a request read pruned (a 2xx answer and a
 * {@link PruneSpec}), only its kept text (`internal/json-pruner.ts`), so an answer whose bulk is left out is never held
 * whole. Used by the SDK's own transport and for the streamed body of a fetch the SDK does not own.
 */
import type { JsonPruner } from "../internal/json-pruner";
import { MalformedAnswerError, ResponseTooLargeError } from "./fetch-like";
import { decodeUtf8 } from "../internal/utf8";

/** An answer's body being read: `add` each chunk in order (it throws when the bound is passed or the text cannot be JSON), then `text`. */
export class AnswerBody {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private readonly pruner: JsonPruner | undefined;

  /**
   * `limit`: the most bytes held (the answer's, or the kept ones of a pruned answer); `pruner`: makes the pruner of a
   * request read pruned (used for a 2xx answer only: an error's body is read whole).
   */
  constructor(
    private readonly status: number,
    private readonly limit: number,
    pruner: (() => JsonPruner) | undefined,
  ) {
    this.pruner = pruner !== undefined && status >= 200 && status < 300 ? pruner() : undefined;
  }

  /** Bytes held so far. */
  get held(): number {
    return this.pruner === undefined ? this.size : this.pruner.held;
  }

  /** Reads the next chunk (a pruned answer copies out what it keeps: the chunk itself is not held). */
  add(chunk: Uint8Array): void {
    if (this.pruner !== undefined) {
      this.pruned(() => this.pruner!.write(chunk));
    } else {
      this.size += chunk.length;
      if (this.size <= this.limit) return void this.chunks.push(chunk);
      this.chunks = [];
    }
    if (this.held > this.limit) throw new ResponseTooLargeError(this.limit, this.status);
  }

  /** The body read (a pruned answer's kept text; "" for an empty one). */
  text(): string {
    if (this.pruner !== undefined) return this.pruned(() => this.pruner!.end());
    const chunks = this.chunks;
    if (chunks.length === 1) return decodeUtf8(chunks[0]!);
    const whole = new Uint8Array(this.size);
    let at = 0;
    for (const chunk of chunks) {
      whole.set(chunk, at);
      at += chunk.length;
    }
    return decodeUtf8(whole);
  }

  /** Runs a step of the pruner, its SyntaxError becoming the answer's {@link MalformedAnswerError}. */
  private pruned<T>(step: () => T): T {
    try {
      return step();
    } catch (error) {
      if (error instanceof SyntaxError) throw new MalformedAnswerError(this.status);
      throw error;
    }
  }
}
