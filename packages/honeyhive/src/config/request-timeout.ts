/**
 * How long one HTTP attempt to HoneyHive may take before it is given up, unless `timeoutMs` / `HH_API_TIMEOUT` says
 * otherwise (3 s on AWS Lambda): the tracer's, the API client's and the transport's default.
 */
export const DEFAULT_TIMEOUT_MS = 10_000;
