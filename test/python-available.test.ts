import { describe, expect, it } from "vitest";
import { HAS_PYTHON, INSTALL_PYTHON, SKIP_PYTHON_ORACLE } from "./helpers/python3";
import { isCi } from "./helpers/find-chromium";

describe("Python oracle tests", () => {
  // Reported as skipped (with the line that says how to get python3) when there is none outside CI.
  it.skipIf(SKIP_PYTHON_ORACLE)(`need python3; without it they are skipped: ${INSTALL_PYTHON}`, () => {
    expect(HAS_PYTHON, `no python3 for the oracle tests (CI=true: a missing python3 fails the run): ${INSTALL_PYTHON}`).toBe(true);
  });

  it("are skipped only outside CI", () => {
    expect(SKIP_PYTHON_ORACLE).toBe(!HAS_PYTHON && !isCi());
  });
});
