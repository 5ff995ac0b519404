/** Prompts: `getPrompt()` (on `HoneyHive` and the tracer), the `Prompt` it returns, its errors and call parameters. */
export type { Prompt, CompileOptions } from "./prompt";
export type { PromptData, PromptSource } from "./prompt-data";
export { PromptNotFoundError, PromptTemplateError, PromptUnavailableError, PromptVariablesError } from "./prompt-errors";
export type { GetPromptOptions, PromptFallback } from "./get-prompt-options";
export type { PromptMessage, PromptTemplate, PromptVariables } from "./compile-template";
export type { AISDKCallParams, AnthropicCallParams, OpenAICallParams } from "./provider-params";
export { promptServingNotes, type PromptServing, type PromptServingNote } from "./prompt-serving-notes";
export { withPrompt, type LinkablePrompt } from "./with-prompt";
