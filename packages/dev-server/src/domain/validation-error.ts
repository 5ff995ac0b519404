/**
 * The error every core module (domain, model, query, store, ingest) throws for input that breaks a rule of
 * the data model. It knows nothing of HTTP: the request handler maps it to a 400 reply.
 */

/** Untrusted input that breaks a rule; `message` is safe to show to the client (never a key or stored data). */
export class ValidationError extends Error {
  override readonly name = "ValidationError";
}

/** Shorthand used by the validators: a {@link ValidationError} with `message`. */
export function invalid(message: string): ValidationError {
  return new ValidationError(message);
}
