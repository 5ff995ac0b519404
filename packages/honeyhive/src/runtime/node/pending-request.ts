import { type HttpResponseLike, WholeAnswer } from "../fetch-like";
import type { ParsedResponse } from "./http-response-parser";
import type { PipelinedRequest } from "./pipelined-connection";

/** A parsed answer's headers, read by name (any case). A class, not a closure per answer. */
class ParsedHeaders {
  constructor(private readonly byName: ReadonlyMap<string, string>) {}

  get(name: string): string | null {
    return this.byName.get(name.toLowerCase()) ?? null;
  }
}

/**
 * One request of the pipelined transport until it settles: its bytes and limits, and the promise it settles once
 * (answered, failed or stopped; a later answer or failure is dropped). A class: no closures made per request.
 */
export class PendingRequest implements PipelinedRequest {
  resent = false;
  deadline = Number.POSITIVE_INFINITY;
  done = false;
  /** Removes the hook that stops the request with its call (set when hooked). */
  unhook: (() => void) | undefined = undefined;

  constructor(
    readonly head: string,
    readonly body: string | Buffer | undefined,
    readonly isHead: boolean,
    readonly maxResponseBytes: number,
    readonly timeoutMs: number | undefined,
    readonly background: boolean,
    readonly idempotent: boolean,
    private readonly resolve: (response: HttpResponseLike) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  answer(response: ParsedResponse): void {
    if (this.settle()) this.resolve(new WholeAnswer(response.status, new ParsedHeaders(response.headers), response.body));
  }

  fail(error: unknown): void {
    if (this.settle()) this.reject(error);
  }

  /** Marks the request settled and unhooks its stop; false when it was already. */
  private settle(): boolean {
    if (this.done) return false;
    this.done = true;
    this.unhook?.();
    return true;
  }
}
