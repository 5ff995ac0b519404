/**
 * Tracers check: a tracer whose options had an error is a no-op under the default `resilience: "balanced"` (one
 * warning when it is created, then nothing is recorded or sent), so every other check can pass while nothing of it
 * reaches HoneyHive.
 */
import { disabledTracerCount } from "../tracer/disabled-tracers";
import { type CheckFinding, ok, problem } from "./diagnosis";

export function checkTracers(): CheckFinding {
  const disabled = disabledTracerCount();
  if (disabled === 0) return ok("No tracer was made a no-op by a configuration error.");
  return problem(
    `${disabled === 1 ? "1 tracer was" : `${disabled} tracers were`} made a no-op by a configuration error: nothing of ${disabled === 1 ? "it" : "theirs"} is recorded or sent.`,
    "Fix the option its warning names (`[honeyhive] warn: configuration problem(s): …`); `resilience: \"strict\"` makes such errors throw instead.",
  );
}
