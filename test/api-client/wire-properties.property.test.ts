// Properties of the wire format: query strings round-trip as the spec's repeated keys; bodies built from
// random (legacy-style) inputs always satisfy the spec's /v1 schemas; the retry rule for writes is never
// looser than the one for reads.
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import { buildQuery } from "../../packages/honeyhive/src/api-client/query-string";
import { isRetryableFailure } from "../../packages/honeyhive/src/transport/retry-policy";
import { OpenApiSpec } from "../helpers/openapi-spec";
import { startLoopbackServer, type LoopbackServer } from "./loopback-server";

const KEY = "hh_wire_property_key";
let server: LoopbackServer;
const spec = new OpenApiSpec();

beforeAll(async () => {
  server = await startLoopbackServer(() => ({ body: { events: [], count: 0 } }));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const json = fc.jsonValue({ maxDepth: 2 });
const object = fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 4 });
const uuid = fc.uuid({ version: 4 });

describe("wire properties", () => {
  it("query strings: every value comes back from URLSearchParams under its own key, arrays as repeated keys", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.oneof(fc.string(), fc.integer(), fc.array(fc.string(), { maxLength: 4 }))), (query) => {
        const params = new URLSearchParams(buildQuery(query).slice(1));
        for (const [key, value] of Object.entries(query)) {
          expect(params.getAll(key)).toEqual(Array.isArray(value) ? value : [String(value)]);
        }
      }),
    );
  });

  it("sessions, events, batches and searches built from random legacy-style input satisfy the spec", async () => {
    const api = createApiClient({ serverUrl: server.url, apiKey: KEY, maxRetries: 0 });
    await fc.assert(
      fc.asyncProperty(
        fc.record({ session_id: uuid, session_name: fc.string(), source: fc.string(), project: fc.string(), inputs: object, metadata: object, start_time: fc.integer() }, { requiredKeys: [] }),
        fc.record({ event_id: uuid, event_name: fc.string(), project: fc.string(), outputs: object, error: fc.option(fc.string()), duration: fc.double({ noNaN: true, noDefaultInfinity: true }) }, { requiredKeys: [] }),
        fc.record({ single: fc.boolean(), alias: fc.boolean(), props: object }),
        fc.record({ limit: fc.integer({ min: -5, max: 10_000 }), page: fc.oneof(fc.integer({ min: -1, max: 5 }), fc.double({ min: 0, max: 3, noNaN: true })), from: fc.option(fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true })), project: fc.string() }, { requiredKeys: ["limit"] }),
        async (session, event, batch, search) => {
          server.requests.length = 0;
          await api.sessions.start({ session });
          await api.events.create({ event: { event_type: "tool", inputs: {}, ...event } });
          await api.events.update({ event_id: session.session_id ?? "5c7c4a5e-1f6b-4c57-9d0e-1f2a3b4c5d6e", outputs: event.outputs, metadata: session.metadata });
          const flag = batch.alias ? { is_single_session: batch.single, session: batch.props } : { single_session: batch.single, session_properties: batch.props };
          await api.events.createBatch({ events: [{ event_type: "chain", inputs: {}, ...event }], ...flag });
          const range = search.from ? { $gte: search.from.toISOString() } : undefined;
          await api.events.export({ filters: [{ field: "source", operator: "is", value: "x", type: "string" }], limit: search.limit, page: search.page, project: search.project, dateRange: range, projections: ["a"] });
          expect(server.requests).toHaveLength(5);
          for (const r of server.requests) {
            const query = r.query.toString();
            expect(spec.check({ method: r.method, url: `${r.path}${query ? `?${query}` : ""}`, body: r.rawBody }).problems).toEqual([]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a non-idempotent request is retried only where an idempotent one would be", () => {
    const codes = fc.constantFrom("ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET", undefined);
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), codes, fc.boolean(), fc.boolean(), (status, code, timedOut, nested) => {
        const base = Object.assign(new Error("x"), code ? { code } : {});
        const error = nested ? new TypeError("fetch failed", { cause: base }) : base;
        for (const failure of [{ kind: "status", status } as const, { kind: "error", error, timedOut } as const]) {
          if (isRetryableFailure(failure, false)) expect(isRetryableFailure(failure, true)).toBe(true);
        }
      }),
    );
  });
});
