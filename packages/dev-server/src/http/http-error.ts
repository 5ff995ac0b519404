/** An error that becomes an HTTP reply `{"error": message}` with the given status. */
export class HttpError extends Error {
  override readonly name = "HttpError";

  /**
   * @param status - HTTP status (4xx for client mistakes).
   * @param message - safe to show to the client (never contains a key or stored data).
   * @param headers - extra response headers (e.g. `Retry-After`).
   */
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** Shorthand for a 400 Bad Request. */
export function badRequest(message: string): HttpError {
  return new HttpError(400, message);
}

/** Shorthand for a 404 Not Found. */
export function notFound(message: string): HttpError {
  return new HttpError(404, message);
}

/** The {@link HttpError} an error is, or undefined for anything else (the caller maps its own error types). */
export function httpErrorOf(error: unknown): HttpError | undefined {
  return error instanceof HttpError ? error : undefined;
}
