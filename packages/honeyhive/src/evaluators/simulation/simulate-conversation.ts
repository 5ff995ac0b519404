/**
 * Multi-turn simulation: a simulated user (`simulated-user.ts`) talks to the app under test for up to `maxTurns`
 * turns, inside `evaluate()` or the test runners, as the evaluated function. Each turn is one `turn <n>` chain event
 * of the datapoint's session (its inputs the conversation so far, its output the app's reply), holding the app's own
 * spans of that turn (its model calls: model events). The simulated user's model calls run as evaluation work
 * (`honeyhive_metadata.evaluator = "simulated_user"`): counted apart from the app's, left out of the evaluators' trace.
 * The function returns the conversation, so conversation-level evaluators see the whole transcript as `outputs`.
 * The transcript holds only the messages (no times, no ids): with recorded calls (the LLM cache) a rerun gives it
 * byte for byte.
 */
import { context as otelContext } from "@opentelemetry/api";
import { setEvaluatorScope } from "../../context/evaluator-scope";
import { checkOptionKeys } from "../../config/unknown-options";
import type { EvaluatedFunction, EvaluationContext } from "../../evaluation/types";
import { asText } from "../fields";
import type { ConversationMessage, SimulatedUser } from "./simulated-user";

/** The evaluator-scope name of the simulated user's work. */
export const SIMULATED_USER_SCOPE = "simulated_user";

/** Most turns a simulation may be given. */
const MAX_TURNS_LIMIT = 1000;

/** What the app is given at each turn besides the user's message. */
export interface AppTurn<I = Record<string, unknown>> {
  /** The conversation before this message. */
  readonly history: readonly ConversationMessage[];
  readonly inputs: I;
  /** 1 for the first turn. */
  readonly turn: number;
  /** The datapoint's context (its tracer, signal, id). */
  readonly context: EvaluationContext;
}

/** The app under test: answers the user's message (text, or a message object with `content`). */
export type ConversationApp<I = Record<string, unknown>> = (message: string, turn: AppTurn<I>) => string | { content: unknown } | Promise<string | { content: unknown }>;

/** What a stop condition is given after each reply. */
export interface ConversationState<I = Record<string, unknown>> {
  readonly transcript: readonly ConversationMessage[];
  readonly lastReply: string;
  readonly turn: number;
  readonly inputs: I;
}

/** Options of {@link simulateConversation}. */
export interface SimulateConversationOptions<I = Record<string, unknown>> {
  app: ConversationApp<I>;
  /** The simulated user: {@link scriptedUser} or {@link modelUser}. */
  user: SimulatedUser<I>;
  /** Most turns (a turn: the user's message and the app's reply). */
  maxTurns: number;
  /** Ends the conversation after a reply when it returns true. */
  stopWhen?: (state: ConversationState<I>) => boolean | Promise<boolean>;
}

/** A simulated conversation: the evaluated function's result. */
export interface SimulatedConversation {
  /** Every message in order, the user's and the app's. */
  transcript: ConversationMessage[];
  /** Turns taken. */
  turns: number;
  /** Why it ended: the turn limit, the stop condition, or the user being done. */
  stoppedBy: "max_turns" | "stop_condition" | "user_done";
}

function replyText(reply: unknown): string {
  if (typeof reply === "string") return reply;
  if (typeof reply === "object" && reply !== null && "content" in reply) return asText((reply as { content: unknown }).content);
  return asText(reply);
}

function checkOptions<I>(options: SimulateConversationOptions<I>): void {
  const where = "simulateConversation";
  checkOptionKeys(options, ["app", "user", "maxTurns", "stopWhen"], where);
  if (typeof options?.app !== "function") throw new TypeError(`${where}: app must be a function (message, turn) => reply`);
  if (typeof options.user?.next !== "function") throw new TypeError(`${where}: user must be a simulated user (scriptedUser or modelUser)`);
  if (!Number.isInteger(options.maxTurns) || options.maxTurns < 1 || options.maxTurns > MAX_TURNS_LIMIT) throw new TypeError(`${where}: maxTurns must be an integer from 1 to ${MAX_TURNS_LIMIT}`);
  if (options.stopWhen !== undefined && typeof options.stopWhen !== "function") throw new TypeError(`${where}: stopWhen must be a function (state) => boolean`);
}

/** The user's next message, said in the evaluator scope (its model calls are evaluation work). */
function userMessage<I>(user: SimulatedUser<I>, transcript: readonly ConversationMessage[], inputs: I, turn: number): Promise<string | undefined> {
  const scope = setEvaluatorScope(otelContext.active(), SIMULATED_USER_SCOPE);
  return otelContext.with(scope, async () => {
    const message = await user.next({ transcript: [...transcript], inputs, turn });
    return message === undefined ? undefined : asText(message);
  });
}

/**
 * An evaluated function that simulates a conversation between a user and `app` (see the module comment). Give it to
 * `evaluate({ function })` or a test runner's `experiment()`; its result is a {@link SimulatedConversation}.
 *
 * @example
 * evaluate({ dataset, function: simulateConversation({ app: (message) => chat(message), user: scriptedUser(["hi", "refund A1"]), maxTurns: 4 }) })
 */
export function simulateConversation<I = Record<string, unknown>, G = unknown>(options: SimulateConversationOptions<I>): EvaluatedFunction<I, G, SimulatedConversation> {
  checkOptions(options);
  const { app, user, maxTurns, stopWhen } = options;
  return async function simulated_conversation(inputs: I, _groundTruth: G, context: EvaluationContext): Promise<SimulatedConversation> {
    const transcript: ConversationMessage[] = [];
    for (let turn = 1; turn <= maxTurns; turn++) {
      const message = await userMessage(user, transcript, inputs, turn);
      if (message === undefined) return { transcript, turns: turn - 1, stoppedBy: "user_done" };
      const history = [...transcript];
      transcript.push({ role: "user", content: message });
      const reply = await context.tracer.startSpan(`turn ${turn}`, async () => {
        context.tracer.enrichSpan({ inputs: { chat_history: [...transcript] } });
        const text = replyText(await app(message, { history, inputs, turn, context }));
        context.tracer.enrichSpan({ outputs: { role: "assistant", content: text } });
        return text;
      }, { eventType: "chain" });
      transcript.push({ role: "assistant", content: reply });
      if (stopWhen !== undefined && (await stopWhen({ transcript: [...transcript], lastReply: reply, turn, inputs })) === true) {
        return { transcript, turns: turn, stoppedBy: "stop_condition" };
      }
    }
    return { transcript, turns: maxTurns, stoppedBy: "max_turns" };
  };
}
