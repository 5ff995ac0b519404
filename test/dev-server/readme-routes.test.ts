/** The dev server page's (docs/guide/dev-server.md) table of the dev server's REST routes names exactly the routes the server has. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { apiRoutes } from "../../packages/dev-server/src/routes/all-routes";

const README = readFileSync(join(__dirname, "..", "..", "docs", "guide", "dev-server.md"), "utf8");

/** The routes the table after the `dev-server-routes` marker lists, as `METHOD /pattern` with `{x}` as `:x`. */
function documentedRoutes(): string[] {
  const start = README.indexOf("<!-- dev-server-routes:");
  expect(start).toBeGreaterThan(0);
  const table = README.slice(start).split("\n\n")[0]!;
  return [...table.matchAll(/`(GET|POST|PUT|DELETE) (\/[^`]*)`/g)].map((m) => `${m[1]} ${m[2]!.replace(/\{(\w+)\}/g, ":$1")}`);
}

describe("docs/guide/dev-server.md: the dev server's REST routes", () => {
  it("lists every route of the server once, and no other", () => {
    const documented = documentedRoutes();
    expect(new Set(documented).size).toBe(documented.length);
    // Parameter names may differ between the table and the code (`{dp}` / `:datapointId`): compare their shapes.
    const shape = (route: string) => route.replace(/:\w+/g, ":");
    const served = apiRoutes.map((r) => shape(`${r.method} ${r.pattern}`)).sort();
    expect(documented.map(shape).sort()).toEqual(served);
  });
});
