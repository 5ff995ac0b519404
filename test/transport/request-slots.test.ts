import { expect, it } from "vitest";
import { CallStop } from "../../packages/honeyhive/src/internal/call-stop";
import { RequestSlots, requestSlotsFor } from "../../packages/honeyhive/src/transport/request-slots";

/**
 * Req (issue 48, decision record 0043): the queue in front of a fetch the SDK does not own hands out at most `limit`
 * slots, in arrival order; a request whose call stops while it waits leaves the queue at once (rejected with the
 * stop's reason, never given a slot); a release frees its slot once however often it is called. Slots are per origin
 * and lane.
 */
it("at most `limit` requests hold a slot; the others get one in arrival order as slots are released", async () => {
  const slots = new RequestSlots(2);
  const order: number[] = [];
  const first = await slots.take();
  const second = await slots.take();
  const waiting = [3, 4, 5].map((n) => slots.take().then((release) => (order.push(n), release)));
  expect([slots.busy, slots.waiting]).toEqual([2, 3]);
  first();
  first(); // a second call frees nothing more
  const third = await waiting[0]!;
  expect([slots.busy, slots.waiting]).toEqual([2, 2]);
  second();
  third();
  const [, fourth, fifth] = await Promise.all(waiting);
  expect(order).toEqual([3, 4, 5]);
  fourth!();
  fifth!();
  expect([slots.busy, slots.waiting]).toEqual([0, 0]);
});

it("a call stopped while it waits leaves the queue with its reason and never takes a slot", async () => {
  const slots = new RequestSlots(1);
  const held = await slots.take();
  const stop = new CallStop();
  const stopped = slots.take(stop);
  const after = slots.take();
  stop.stop(new Error("backend unreachable"));
  await expect(stopped).rejects.toThrow("backend unreachable");
  expect(slots.waiting).toBe(1);
  held();
  (await after)();
  expect([slots.busy, slots.waiting]).toEqual([0, 0]);
  // already stopped: rejected without waiting
  const again = new CallStop();
  again.stop("shutdown");
  const blocker = await slots.take();
  await expect(slots.take(again)).rejects.toThrow("request stopped: shutdown");
  blocker();
});

it("slots are kept per origin and lane", () => {
  const api = requestSlotsFor("https://api.example.test/v1/sessions", "api");
  expect(requestSlotsFor("https://api.example.test/v1/events/1", "api")).toBe(api);
  expect(requestSlotsFor("https://api.example.test/opentelemetry/v1/traces", "export")).not.toBe(api);
  expect(requestSlotsFor("https://other.example.test/v1/sessions", "api")).not.toBe(api);
  expect([api.limit, requestSlotsFor("https://api.example.test/x", "export").limit]).toEqual([32, 8]);
});
