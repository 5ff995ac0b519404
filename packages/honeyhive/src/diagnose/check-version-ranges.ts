/**
 * Version-range check: an instrumentation declares the versions of each library it patches (its module
 * definitions' `supportedVersions`); its require hook leaves any other version alone. A problem when the loaded
 * (or, not loaded, the installed) version is outside every declared range and the instrumentation shows no patching
 * and no spans. A manual patch that works outside the range is not flagged.
 */
import { type CheckFinding, ok, problem } from "./diagnosis";
import { outOfRange, showsPatching } from "./instrumented-packages";
import type { SetupObservation } from "./observe-setup";

/** Finds instrumentations whose declared ranges miss the installed library, with the fix. */
export function checkVersionRanges(observation: SetupObservation): CheckFinding {
  const misses: string[] = [];
  for (const instrumentation of observation.instrumentations) {
    if (showsPatching(observation, instrumentation)) continue;
    for (const { module, version } of outOfRange(observation, instrumentation)) {
      misses.push(`${instrumentation.name} supports ${module.packageName} ${module.supportedVersions.join(" || ")}, the installed ${module.packageName} is ${version}`);
    }
  }
  if (misses.length === 0) return ok("Every instrumentation's supported versions include the installed library (or it records anyway).");
  return problem(
    `An instrumentation's supported range misses the installed version, so it never patches it: ${[...new Set(misses)].join("; ")}.`,
    "Install a release of the instrumentation that supports this version (`npm i <instrumentation>@latest`; see its changelog), or install a " +
      "version of the library inside its range; `instrumentModules` patches with the first installed instrumentation whose range holds the version.",
  );
}
