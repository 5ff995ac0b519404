/**
 * A fetched prompt: what HoneyHive's configuration holds (template, model, provider, hyperparameters, tools,
 * response format), its content `version`, where it came from (`source`), and `compile()` plus the ready call
 * parameters of the OpenAI, Anthropic and AI SDK clients (`provider-params.ts`).
 */
import type { JsonObject } from "../api-client/types";
import type { PromptData, PromptSource } from "./prompt-data";
import { checkVariables, renderTemplate, templateProblem, type PromptMessage, type PromptTemplate, type PromptVariables } from "./compile-template";
import { PromptTemplateError } from "./prompt-errors";
import { linkPromptToActiveSpan } from "./with-prompt";
import { aiSdkParams, anthropicParams, openAIParams, type AISDKCallParams, type AnthropicCallParams, type OpenAICallParams } from "./provider-params";

/** Options of {@link Prompt.compile}. */
export interface CompileOptions {
  /** Throw one `PromptVariablesError` naming every missing and unused variable. @defaultValue the prompt's `strict` */
  strict?: boolean;
}

/** The fields of a {@link Prompt}: those of {@link PromptData}, copied in by its constructor. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- one list of fields
export interface Prompt extends PromptData {}

/** A prompt from `getPrompt()`: the fields of {@link PromptData}, its `source`. Immutable; compile it with variables. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Prompt {
  /** Where this prompt came from. */
  readonly source: PromptSource;
  /** Whether `compile()` is strict by default (`getPrompt`'s `strict`). */
  readonly strict: boolean;

  constructor(data: PromptData, source: PromptSource, strict = false) {
    const { name, env, version, configId, updatedAt, template, model, provider, parameters, tools, responseFormat } = data;
    Object.assign(this, { name, env, version, configId, updatedAt, template, model, provider, parameters, tools, responseFormat });
    this.source = source;
    this.strict = strict;
    Object.freeze(this);
  }

  /**
   * The template with `{{variables}}` filled in (no HTML escaping): a string, or chat messages. Inside a traced
   * function, links that function's span and the spans that start under it afterwards to this prompt. Throws a
   * `PromptTemplateError` for a template that is not valid Mustache (`getPrompt()` never returns one it fetched).
   */
  compile(variables: PromptVariables = {}, options: CompileOptions = {}): PromptTemplate {
    const problem = templateProblem(this.template);
    if (problem !== undefined) throw new PromptTemplateError(this.name, this.env, this.version, problem);
    if (options.strict ?? this.strict) checkVariables(this.name, this.template, variables);
    const compiled = renderTemplate(this.template, variables);
    linkPromptToActiveSpan(this);
    return compiled;
  }

  /** The compiled template as chat messages (a text template is one `user` message). */
  compileMessages(variables: PromptVariables = {}, options: CompileOptions = {}): PromptMessage[] {
    const compiled = this.compile(variables, options);
    return typeof compiled === "string" ? [{ role: "user", content: compiled }] : compiled;
  }

  /** Parameters for OpenAI's `chat.completions.create`: model, messages, hyperparameters, tools, response_format. */
  toOpenAI(variables: PromptVariables = {}, options: CompileOptions = {}): OpenAICallParams {
    return openAIParams(this, this.compileMessages(variables, options));
  }

  /** Parameters for Anthropic's `messages.create`: the system message split out, `max_tokens` (default 1024), tools. */
  toAnthropic(variables: PromptVariables = {}, options: CompileOptions = {}): AnthropicCallParams {
    return anthropicParams(this, this.compileMessages(variables, options));
  }

  /**
   * Parameters for the AI SDK's `generateText` / `streamText`: model id, system, messages, camelCase settings. Tools
   * need the AI SDK's `jsonSchema` (pass it: `toAISDK(vars, { jsonSchema })`); without it they are left out.
   */
  toAISDK(variables: PromptVariables = {}, options: CompileOptions & { jsonSchema?: (schema: JsonObject) => unknown } = {}): AISDKCallParams {
    return aiSdkParams(this, this.compileMessages(variables, options), options.jsonSchema);
  }

  /** The prompt's data (what a file cache holds), without methods. */
  toJSON(): PromptData & { source: PromptSource } {
    const { name, env, version, configId, updatedAt, template, model, provider, parameters, tools, responseFormat, source } = this;
    return { name, env, version, configId, updatedAt, template, model, provider, parameters, tools, responseFormat, source };
  }
}
