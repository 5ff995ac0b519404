/**
 * Error thrown by the `HoneyHive` class (never by `createApiClient`, whose methods return results).
 * The message never contains the API key.
 */
export class HoneyHiveApiError extends Error {
  /** HTTP status when the server answered; undefined for network errors and timeouts. */
  readonly status: number | undefined;
  /** The server's own error message, read from its answer's body (`{"error": …}`, `{"message": …}`…), when it gave one. */
  readonly serverMessage: string | undefined;
  /** The server's error code, read from its answer's body (`code`, `error_code`…), when it gave one. */
  readonly errorCode: string | undefined;

  constructor(message: string, status?: number, details: { serverMessage?: string; errorCode?: string } = {}) {
    super(message);
    this.name = "HoneyHiveApiError";
    this.status = status;
    this.serverMessage = details.serverMessage;
    this.errorCode = details.errorCode;
  }
}
