/** The errors `getPrompt()` and `Prompt.compile()` throw: each typed, each naming what the caller can act on. */

/** No prompt of this name in this environment (or not at this exact version). */
export class PromptNotFoundError extends Error {
  override readonly name = "PromptNotFoundError";

  /**
   * @param promptName - the prompt asked for
   * @param env - the environment asked for
   * @param availableEnvs - the environments that do have a prompt of this name (empty when none does)
   * @param version - the exact version asked for, if any
   */
  constructor(
    readonly promptName: string,
    readonly env: string,
    readonly availableEnvs: readonly string[],
    readonly version?: string,
  ) {
    const where = availableEnvs.length > 0 ? `it exists in ${availableEnvs.join(", ")}` : "no environment has a prompt of this name";
    super(`prompt "${promptName}"${version ? ` at version ${version}` : ""} was not found in env "${env}" (${where})`);
  }
}

/** The prompt could not be fetched and there was neither a cached copy nor a fallback. */
export class PromptUnavailableError extends Error {
  override readonly name = "PromptUnavailableError";

  constructor(readonly promptName: string, readonly env: string, reason: string) {
    super(`prompt "${promptName}" (env "${env}") could not be fetched and no cached copy or fallback exists: ${reason}`);
  }
}

/**
 * The prompt's template is not a valid Mustache template (an unclosed tag or section, a section closed in the wrong
 * place): it cannot be compiled. `getPrompt()` returns the fallback instead when one is given, else throws this;
 * `compile()` throws it for a template that reached it some other way.
 */
export class PromptTemplateError extends Error {
  override readonly name = "PromptTemplateError";

  /**
   * @param promptName - the prompt asked for
   * @param env - the environment asked for
   * @param version - the version whose template is broken (`"fallback"` for a fallback's)
   * @param problem - what the template parser found, with its position
   */
  constructor(readonly promptName: string, readonly env: string, readonly version: string, readonly problem: string) {
    super(`prompt "${promptName}" (env "${env}", version ${version}) has a template that cannot be compiled: ${problem}`);
  }
}

/** Strict compile: variables the template uses that were not given, and given variables it does not use. */
export class PromptVariablesError extends Error {
  override readonly name = "PromptVariablesError";

  constructor(readonly promptName: string, readonly missing: readonly string[], readonly unused: readonly string[]) {
    const parts = [
      missing.length > 0 ? `missing ${missing.map((m) => `"${m}"`).join(", ")}` : "",
      unused.length > 0 ? `unused ${unused.map((u) => `"${u}"`).join(", ")}` : "",
    ].filter(Boolean);
    super(`prompt "${promptName}": ${parts.join("; ")}`);
  }
}
