/** Minified parameter names: traced functions whose inputs are captured under names like `e` and `t`. */
import { minifiedFunctions } from "../instrument/minified-names";
import { type CheckFinding, ok, problem } from "./diagnosis";

export function checkParameterNames(): CheckFinding {
  const functions = minifiedFunctions();
  if (functions.length === 0) return ok("No traced function with minified parameter names so far.");
  return problem(
    `Traced functions with minified parameter names (their inputs are captured as honeyhive_inputs.e, …): ${functions.slice(0, 5).join(", ")}` +
      `${functions.length > 5 ? ` and ${functions.length - 5} more` : ""}.`,
    "Name the inputs in the wrapper: `trace(fn, { eventName: \"answer\", inputNames: [\"question\", \"context\"] })`; " +
      "or keep names in the build (esbuild: `keepNames: true`; terser: `keep_fnames`; Next.js: `experimental.serverMinification: false`).",
  );
}
