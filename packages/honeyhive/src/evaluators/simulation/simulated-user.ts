/**
 * The simulated users `simulateConversation` talks to the app with: a fixed script ({@link scriptedUser}) or a model
 * playing a persona ({@link modelUser}, any OpenAI-compatible client). A model user's calls are evaluation work
 * (`simulate-conversation.ts` runs it in the evaluator scope), and go through the client it is given: give that client
 * the LLM cache's `fetch` and a rerun replays them.
 */
import { checkOptionKeys } from "../../config/unknown-options";
import { type JudgeMessage, type OpenAICompatibleClient, completeWithRetry } from "../judges/judge-client";
import { fillTemplate } from "../judges/run-judge";
import { PROMPT_TEXTS } from "../judges/prompt-texts.generated";
import { asText } from "../fields";

/** One message of a simulated conversation. */
export interface ConversationMessage {
  readonly role: "user" | "assistant";
  readonly content: string;
}

/** What a simulated user is given to say its next message. */
export interface SimulatedUserTurn<I = unknown> {
  /** The conversation so far (empty before the first message). */
  readonly transcript: readonly ConversationMessage[];
  /** The datapoint's inputs. */
  readonly inputs: I;
  /** The turn about to start (1 for the first message). */
  readonly turn: number;
}

/** A simulated user: says its next message, or undefined when it is done. */
export interface SimulatedUser<I = unknown> {
  next(turn: SimulatedUserTurn<I>): string | undefined | Promise<string | undefined>;
}

/**
 * A user who says the given messages in order, then is done: a list, or a function of the datapoint's inputs returning
 * one (`(inputs) => inputs.messages`).
 *
 * @example user: scriptedUser(["I want a refund for order A1", "Yes, the whole amount", "Thanks"])
 */
export function scriptedUser<I = unknown>(messages: readonly string[] | ((inputs: I) => readonly string[])): SimulatedUser<I> {
  if (typeof messages !== "function" && !(Array.isArray(messages) && messages.every((m) => typeof m === "string"))) {
    throw new TypeError("scriptedUser: messages must be a list of strings or a function (inputs) => list");
  }
  return {
    next({ inputs, turn }) {
      const list = typeof messages === "function" ? messages(inputs) : messages;
      if (!Array.isArray(list)) throw new TypeError("scriptedUser: the messages function must return a list of strings");
      const message: unknown = list[turn - 1];
      return message === undefined ? undefined : asText(message);
    },
  };
}

/** Options of {@link modelUser}. */
export interface ModelUserOptions<I = unknown> {
  /** An OpenAI-compatible client (`new OpenAI({ fetch: cache.fetch })` to record and replay its calls). */
  client: OpenAICompatibleClient;
  model: string;
  /**
   * Who the user is and what they want, or a function of the inputs saying it.
   * @defaultValue the inputs' `persona`, `scenario`, `goal` or `task`, else the inputs as JSON
   */
  persona?: string | ((inputs: I) => string);
  /** The user's first message (then the model writes the next ones). @defaultValue the model writes it too */
  firstMessage?: string | ((inputs: I) => string);
  /** @defaultValue 0 */
  temperature?: number;
  /** What the model replies when the user is done. @defaultValue "<done>" */
  stopToken?: string;
}

const PERSONA_KEYS = ["persona", "scenario", "goal", "task"] as const;

function defaultPersona(inputs: unknown): string {
  if (typeof inputs === "object" && inputs !== null) {
    for (const key of PERSONA_KEYS) {
      const value = (inputs as Record<string, unknown>)[key];
      if (value !== undefined) return asText(value);
    }
  }
  return asText(inputs);
}

function textOption<I>(value: string | ((inputs: I) => string) | undefined, inputs: I): string | undefined {
  return typeof value === "function" ? value(inputs) : value;
}

/**
 * A user played by a model, in character (the `simulated-user` prompt, compiled like the judges' prompts): it sees the
 * app's replies as the other side of the conversation and ends the conversation by replying `stopToken`.
 *
 * @example user: modelUser({ client: new OpenAI({ fetch: cache.fetch }), model: "gpt-4o-mini" })
 */
export function modelUser<I = unknown>(options: ModelUserOptions<I>): SimulatedUser<I> {
  const where = "modelUser";
  checkOptionKeys(options, ["client", "model", "persona", "firstMessage", "temperature", "stopToken"], where);
  if (typeof options?.client?.chat?.completions?.create !== "function") throw new TypeError(`${where}: client must be an OpenAI-compatible client (with chat.completions.create)`);
  if (typeof options.model !== "string" || options.model.trim() === "") throw new TypeError(`${where}: model must be a non-empty string`);
  const stop = options.stopToken ?? "<done>";
  const temperature = options.temperature ?? 0;
  const policy = { maxRetries: 4, initialBackoffMs: 500, maxBackoffMs: 20_000 };
  return {
    async next({ transcript, inputs, turn }) {
      const first = turn === 1 ? textOption(options.firstMessage, inputs) : undefined;
      if (first !== undefined) return first;
      const persona = textOption(options.persona, inputs) ?? defaultPersona(inputs);
      const messages: JudgeMessage[] = [
        { role: "system", content: fillTemplate(PROMPT_TEXTS["simulated-user"], { persona, stop }) },
        // the simulator plays the user: the app's replies are what it is told, its own messages what it said
        ...transcript.map((m): JudgeMessage => ({ role: m.role === "assistant" ? "user" : "assistant", content: m.content })),
      ];
      if (transcript.length === 0) messages.push({ role: "user", content: "(The conversation starts: write your first message.)" });
      const reply = (await completeWithRetry(options.client, { model: options.model, messages, temperature }, policy))?.trim() ?? "";
      return reply === "" || reply === stop ? undefined : reply;
    },
  };
}
