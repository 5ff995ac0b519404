import { describe, expect, it } from "vitest";
import { pageNumber, parseHash } from "../../packages/dev-server/src/viewer/client/routes";

/** The viewer's hash routes: every page's path, its parameters, and what is no page. */
describe("parseHash", () => {
  const parsed = (hash: string) => {
    const route = parseHash(hash);
    return { name: route.name, params: route.params, path: route.path, query: route.query.toString() };
  };

  it("names each page and takes its ids from the path, decoded", () => {
    expect(parsed("")).toEqual({ name: "sessions", params: {}, path: "/sessions", query: "" });
    expect(parsed("#/sessions?q=x")).toEqual({ name: "sessions", params: {}, path: "/sessions", query: "q=x" });
    expect(parsed("#/sessions/a%2Fb")).toEqual({ name: "session", params: { id: "a/b" }, path: "/sessions/a%2Fb", query: "" });
    expect(parsed("#/runs")).toMatchObject({ name: "runs", params: {} });
    expect(parsed("#/runs/r1?agg=max")).toEqual({ name: "run", params: { id: "r1" }, path: "/runs/r1", query: "agg=max" });
    expect(parsed("#/runs/new/compare/old")).toMatchObject({ name: "compare", params: { id: "new", old: "old" } });
    expect(parsed("#/datasets")).toMatchObject({ name: "datasets", params: {} });
    expect(parsed("#/datasets/d1")).toMatchObject({ name: "dataset", params: { id: "d1" } });
    expect(parsed("#/connect?next=/runs")).toMatchObject({ name: "connect", params: {}, query: "next=%2Fruns" });
    expect(parsed("#/connect/anything/else")).toMatchObject({ name: "connect", params: {} });
  });

  it("keeps a segment that is not valid percent-encoding as written, and ignores empty segments", () => {
    expect(parsed("#/sessions/%E0%A4%A")).toMatchObject({ name: "session", params: { id: "%E0%A4%A" } });
    expect(parsed("#//runs//r1/")).toMatchObject({ name: "run", params: { id: "r1" } });
  });

  it("gives the not-found page for every other path", () => {
    for (const hash of ["#/nope", "#/sessions/a/b", "#/runs/a/compare", "#/runs/a/versus/b", "#/runs/a/compare/b/c", "#/datasets/a/b"]) {
      expect(parsed(hash), hash).toMatchObject({ name: "not-found", params: {} });
    }
  });

  it("reads the page number, 1 when it is absent or not a positive number", () => {
    expect(pageNumber(parseHash("#/runs?page=3"))).toBe(3);
    expect(pageNumber(parseHash("#/runs"))).toBe(1);
    expect(pageNumber(parseHash("#/runs?page=x"))).toBe(1);
    expect(pageNumber(parseHash("#/runs?page=0"))).toBe(1);
  });
});
