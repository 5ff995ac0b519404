/** Wire shapes of the viewer's prompt-version route (shared by the server view and the browser client). */
import type { PromptContent } from "@honeyhive/core/prompts/prompt-version";

/** `GET /viewer/prompts/:id/versions/:version`: one saved content of a prompt. */
export interface PromptVersionDetail {
  prompt: { id: string; name: string };
  version: string;
  /** When this content was last saved (ISO). */
  saved_at: string;
  /** The environments it was deployed to when last saved. */
  env: string[];
  /** The canonical content whose hash is the version: provider, model, template, hyperparameters, tools, response format. */
  content: PromptContent;
}
