// The command reports a load error by its message, which Node.js keeps free of a syntax error's location: CommonJS puts
// it in front of the stack, an ES module on Node.js 20 gives none. `honeyhive eval` adds it to the message, from the
// stack or from Node's own syntax check (packages/honeyhive/src/cli/support/syntax-error-location.ts). The CLI runs
// for real (child process) on real files; the function is also called on errors of each kind.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSyntaxErrorLocation } from "../../../packages/honeyhive/src/cli/support/syntax-error-location";
import { runCli } from "./cli-harness";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hh-syntax-"));
  await writeFile(join(dir, "broken.eval.mjs"), "export default { name: \"broken\" };\n\nconst y = ;\n");
  await writeFile(join(dir, "dep-free.mjs"), "export const x = 1;\n");
  await writeFile(join(dir, "dep.mjs"), "export const x = 1;\nexport const y = ;\n");
  await writeFile(join(dir, "imports-broken.eval.mjs"), "import { x } from \"./dep.mjs\";\nexport default { x };\n");
  await writeFile(join(dir, "broken.eval.cjs"), "module.exports = {};\nconst y = ;\n");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A syntax error as Node.js 20 gives it for an ES module: a message, and a stack of internal frames only. */
function bareSyntaxError(): SyntaxError {
  const error = new SyntaxError("Unexpected token ';'");
  error.stack = "SyntaxError: Unexpected token ';'\n    at compileSourceTextModule (node:internal/modules/esm/utils:346:16)";
  return error;
}

describe("withSyntaxErrorLocation", () => {
  it("adds the file, line, source line and caret of a syntax error in the file itself", () => {
    const file = join(dir, "broken.eval.mjs");
    const error = withSyntaxErrorLocation(bareSyntaxError(), file) as Error;
    expect(error.message).toBe(`Unexpected token ';'\n${file}:3\nconst y = ;\n          ^`);
  });

  it("says the error is in an imported module when the file itself parses", () => {
    const error = withSyntaxErrorLocation(bareSyntaxError(), join(dir, "imports-broken.eval.mjs")) as Error;
    expect(error.message).toBe(`Unexpected token ';'\n(in a module imports-broken.eval.mjs imports: Node.js ${process.version} does not say which; \`node --check <file>\` on each names the line)`);
  });

  it("takes the location in front of the stack when Node.js put it there (CommonJS), without running the check", () => {
    const placed = new SyntaxError("Unexpected token ';'");
    placed.stack = "/elsewhere/file.cjs:2\nconst y = ;\n          ^\n\nSyntaxError: Unexpected token ';'\n    at wrapSafe (node:internal/modules/cjs/loader:1464:18)";
    // the file given parses: had the check run, the message would name an import instead
    expect((withSyntaxErrorLocation(placed, join(dir, "dep-free.mjs")) as Error).message).toBe("Unexpected token ';'\n/elsewhere/file.cjs:2\nconst y = ;\n          ^");
  });

  it("leaves alone other errors and files it cannot check", () => {
    const other = new TypeError("x is not a function");
    expect(withSyntaxErrorLocation(other, join(dir, "broken.eval.mjs"))).toBe(other);
    expect(withSyntaxErrorLocation("a string", join(dir, "broken.eval.mjs"))).toBe("a string");
    expect((withSyntaxErrorLocation(bareSyntaxError(), join(dir, "missing.mjs")) as Error).message).toBe("Unexpected token ';'");
  });
});

describe("honeyhive eval with an eval file that does not parse", () => {
  it("names the file and line (or the imported module) in its failure, and exits 2", async () => {
    const run = await runCli(["eval", "broken.eval.mjs", "imports-broken.eval.mjs", "broken.eval.cjs", "--offline"], dir, { HH_API_KEY: undefined });
    expect(run.stderr).toContain(`broken.eval.mjs: SyntaxError: Unexpected token ';'\n${join(dir, "broken.eval.mjs")}:3\nconst y = ;\n`);
    expect(run.stderr).toContain("imports-broken.eval.mjs: SyntaxError: Unexpected token ';'\n(in a module imports-broken.eval.mjs imports");
    expect(run.stderr).toContain(`broken.eval.cjs: SyntaxError: Unexpected token ';'\n${join(dir, "broken.eval.cjs")}:2\nconst y = ;\n`);
    expect(run.code).toBe(2);
  });
});
