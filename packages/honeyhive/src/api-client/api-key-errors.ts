/**
 * The typed errors of API keys: an operation that has no key it can use ({@link MissingApiKeyError}, before any
 * request is sent) and a typed key that is set but malformed ({@link MalformedApiKeyError}, when the client is made).
 * Both are {@link HoneyHiveApiError}s (no `status`: nothing was sent), so code that catches those catches them too.
 * Their messages name the option and variable to set, never a key.
 */
import { missingKeyMessage, type ApiKeyKind, type TypedApiKeyKind } from "@honeyhive/core/keys/api-key-kinds";
import type { KeyProblem } from "../config/api-keys";
import { HoneyHiveApiError } from "./honeyhive-api-error";

/** A kind of HoneyHive API key: `project` (`apiKey`), `ingestion` (`ingestionApiKey`, `hh_ingst_...`), `dataPlane` (`dataPlaneApiKey`, `hh_fgdp_...`). */
export type { ApiKeyKind } from "@honeyhive/core/keys/api-key-kinds";

/**
 * Thrown (by the `HoneyHive` client and `compareRuns()`) when an operation needs a key
 * of `keyKind` and none is configured, before any request is sent. An ingestion operation takes the project key when
 * there is no ingestion key, so it names the ingestion key only when neither is set; a project-scoped operation takes
 * only a data plane key. `createApiClient()`'s methods resolve to a failed result with `missingApiKey` instead.
 */
export class MissingApiKeyError extends HoneyHiveApiError {
  /** The kind of key the operation needs. */
  readonly keyKind: ApiKeyKind;

  /** @param keyKind - the kind of key the operation needs; @param message - default: which option and variable to set. */
  constructor(keyKind: ApiKeyKind, message: string = missingKeyMessage(keyKind)) {
    super(message);
    this.name = "MissingApiKeyError";
    this.keyKind = keyKind;
  }
}

/**
 * Thrown when a client (`createApiClient()`, `new HoneyHive()`) or `evaluate()` is given an ingestion or data plane key
 * that is not a complete key of its kind: the message names where the value came from (the option or variable) and
 * what it looks like instead, never the value. A tracer says the same in its configuration warning (and throws it
 * under `resilience: "strict"`).
 */
export class MalformedApiKeyError extends HoneyHiveApiError {
  /** The kind of key the value was given as. */
  readonly keyKind: TypedApiKeyKind;
  /** The option or environment variable the value came from. */
  readonly source: string;

  /** @param problem - the key's problem, as the configuration resolved it. */
  constructor(problem: KeyProblem) {
    super(problem.message);
    this.name = "MalformedApiKeyError";
    this.keyKind = problem.kind;
    this.source = problem.source;
  }
}
