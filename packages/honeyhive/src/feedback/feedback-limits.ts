/** The feedback route's and tokens' limits (constants `import "honeyhive"` exports without loading their code). */

/** Largest request body the feedback route reads. */
export const MAX_FEEDBACK_BODY_BYTES = 16 * 1024;

/** Default validity of a feedback token. */
export const DEFAULT_FEEDBACK_TOKEN_TTL_MS = 15 * 60 * 1000;
