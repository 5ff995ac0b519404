// A set variable that looks like a misspelling of one the SDK reads (HH_APIKEY, HH_SERVER_URL) is named once per
// process with the variable to set, instead of tracing going quietly without a key or to the default server.
import { describe, expect, it } from "vitest";
import { misnamedEnvWarnings } from "../../packages/honeyhive/src/config/env-values";
import { runChild } from "../helpers/run-child";

const said = (set: string, meant: string): string =>
  `environment variable ${set} is not read by honeyhive (did you mean ${meant}?): it is ignored and ${meant} is unset`;

describe("misnamed environment variables", () => {
  it("name the variable meant: a typo, another case, the HONEYHIVE_ prefix, another URL name", () => {
    const warnings = misnamedEnvWarnings({
      HH_APIKEY: "k",
      hh_source: "prod",
      HONEYHIVE_PROJECT: "bot",
      HH_SERVER_URL: "http://127.0.0.1:4318",
      HH_SESION_NAME: "chat",
    });
    expect(warnings).toEqual([
      said("HH_APIKEY", "HH_API_KEY"),
      said("hh_source", "HH_SOURCE"),
      said("HONEYHIVE_PROJECT", "HH_PROJECT"),
      said("HH_SERVER_URL", "HH_API_URL"),
      said("HH_SESION_NAME", "HH_SESSION_NAME"),
    ]);
  });

  it("say nothing of the variables read, of a misspelling whose variable is set, of other packages' and other names", () => {
    const read = { HH_API_KEY: "k", HONEYHIVE_TELEMETRY: "false", HH_DEV_SERVER_SQLITE: "node:sqlite" };
    const others = { HH_MY_FEATURE_FLAG: "1", PATH: "/usr/bin", API_URL: "http://example.test" };
    const warnings = misnamedEnvWarnings({ ...read, ...others, HH_APIKEY: "old" });
    expect(warnings).toEqual([]);
  });

  it("are warned once per process on stderr, however many tracers are created", async () => {
    const run = await runChild("test/tracer/fixtures/env-child.ts", [], { env: { HH_APIKEY: "k", HH_SERVER_URL: "http://127.0.0.1:9" }, killAfterMs: 20_000 });
    expect(run.code).toBe(0);
    const lines = run.stderr.split("\n").filter((line) => line.includes("is not read by honeyhive"));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(said("HH_APIKEY", "HH_API_KEY"));
    expect(lines[1]).toContain(said("HH_SERVER_URL", "HH_API_URL"));
  });
});
