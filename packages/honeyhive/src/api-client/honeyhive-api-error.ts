/**
 * Error thrown by the `HoneyHive` class (never by `createApiClient`, whose methods return results).
 * The message never contains the API key.
 */
export class HoneyHiveApiError extends Error {
  /** HTTP status when the server answered; undefined for network errors and timeouts. */
  readonly status: number | undefined;

  constructor(message: string, status?: number) {
    super(message);
    this.name = "HoneyHiveApiError";
    this.status = status;
  }
}
