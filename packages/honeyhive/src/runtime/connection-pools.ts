/**
 * The SDK's two lanes of requests to a backend and how many of each may be in flight to one origin at once. On Node
 * the SDK's own transport gives each lane a keep-alive pool with that many sockets; a fetch the SDK does not own (a
 * custom `fetch`, the platform's) is handed at most that many requests at once per origin (`transport/request-slots.ts`).
 */

/** Which lane a request takes: span export never waits behind API calls (session starts), nor they behind it. */
export type ConnectionPool = "api" | "export";

/**
 * Requests in flight per origin of each lane. API calls: per-request sessions send one session start per request, and
 * a remote backend answers each after a round trip (8 sockets at 100 ms is 80 starts a second); measured against the
 * dev server under 50 concurrent requests, 32 kept the waiting starts at a quarter of 8's. Span export: a pipeline has
 * at most 4 requests in flight by default (`maxConcurrentExports`).
 */
export const POOL_CONNECTIONS: Readonly<Record<ConnectionPool, number>> = Object.freeze({ api: 32, export: 8 });

/**
 * The pipelining transport of background API calls (session starts and updates, decision record 0087): sockets per
 * origin, and requests written on each before their answers come. 8 × 8 in flight, as many as the node:http lane's
 * 32 sockets answer at once against a loopback backend, in a quarter of the sockets.
 */
export const PIPELINED_SOCKETS = 8;
export const PIPELINE_DEPTH = 8;
/** Background API calls one origin holds in flight at most with the SDK's own transport on Node. */
export const PIPELINED_IN_FLIGHT = PIPELINED_SOCKETS * PIPELINE_DEPTH;
