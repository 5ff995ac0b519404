// Which Accept-Encoding headers take a gzipped answer: gzip (or x-gzip, or *) with a weight above zero.
import { describe, expect, it } from "vitest";
import { acceptsGzip } from "../../packages/dev-server/src/http/accept-gzip";

describe("acceptsGzip", () => {
  it("accepts gzip named with a weight above zero, or a star that gzip does not override", () => {
    for (const header of ["gzip", "gzip, deflate", "br, GZIP;q=0.5", "x-gzip", "*", "deflate, *;q=0.1", ["br", "gzip"]]) expect(acceptsGzip(header)).toBe(true);
  });
  it("refuses no header, identity, other encodings and gzip or star weighted zero", () => {
    for (const header of [undefined, "", "identity", "br, deflate", "gzip;q=0", "gzip;q=0.000", "*;q=0", "gzip;q=0, *", "gzipx"]) expect(acceptsGzip(header)).toBe(false);
  });
});
