/**
 * The prompt client's module (the client, its caches, the `Prompt` class and its template engine), imported on the
 * first `getPrompt()` of a tracer or a client: `import "honeyhive"` does not load it.
 */
import { onDemand } from "../seam/on-demand";

/** The prompt client's module, imported once. */
export const loadPromptClient = onDemand(() => import("../prompts/prompt-client"));
