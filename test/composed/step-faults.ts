/**
 * The composed test's faults per step: 5 % of writes failing (seeded), half refused (the server holds nothing of
 * them) and half with their answer lost after they landed; plus forced refusals of the writes that take each step
 * down its failure path in every run, whatever the random picks hit.
 */
import { type FaultRule, type SeenRequest, failWrites } from "../helpers/fault-proxy";

/**
 * A step's faults: 5 % of its writes failing (seeded: 2.5 % refused, 2.5 % answered 502 after they landed), and
 * besides them the first write each of `forced` picks (the first `times` writes for a picker that says how many), so
 * that every run takes the step's failure paths whatever the random picks hit.
 */
export function stepFaults(seed: number, ...forced: ((request: SeenRequest) => boolean | number)[]): FaultRule {
  const refused = failWrites(0.025, seed);
  const lost = failWrites(0.025, seed + 1000, { kind: "lose-answer", status: 502 });
  const random: FaultRule = (request, index) => refused(request, index) ?? lost(request, index);
  const used = forced.map(() => 0);
  return (request, index) => {
    if (request.method !== "GET") {
      for (const [i, pick] of forced.entries()) {
        const picked = pick(request);
        if (picked !== false && used[i]! < (picked === true ? 1 : picked)) {
          used[i]!++;
          return { kind: "refuse", status: 500, body: '{"error":"injected fault"}' };
        }
      }
    }
    return random(request, index);
  };
}

/** Picks every write of `method` to a path matching `path`. */
export const isWrite = (method: string, path: RegExp) => (r: SeenRequest) => r.method === method && path.test(r.path);

/** Picks the first write of `method` to a path matching `path` (and `where`), and every retry of it, `times` in all. */
export function samePath(method: string, path: RegExp, times: number, where: (r: SeenRequest) => boolean = () => true): (r: SeenRequest) => number | false {
  let first: string | undefined;
  return (r) => (r.method === method && path.test(r.path) && where(r) && (first ??= r.path) === r.path ? times : false);
}
