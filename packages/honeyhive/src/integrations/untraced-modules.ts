/**
 * What the SDK does not record, by the module an application loads for it: the one list `diagnose()` names a loaded
 * module from, each with what to do instead (the providers guide lists the same under "not traced"). A module is known
 * by its package and, where the package holds traced parts too, the path of its files within the package; one that
 * every app of a framework loads (the Agents SDK's realtime agents) counts once it was seen in use.
 */
import { realtimeSessionsSeen } from "./realtime-sessions";

/** One module the SDK does not trace. */
export interface UntracedModule {
  /** What it is, as users know it. */
  readonly name: string;
  /** The package that holds it. */
  readonly packageName: string;
  /** Its files within the package (a path relative to the package directory); any file of the package when absent. */
  readonly files?: RegExp;
  /** What the user can do instead. */
  readonly instead: string;
  /** True once the app used it, for a module whose being loaded says nothing (absent: loaded is enough). */
  readonly used?: () => boolean;
}

/** The modules the SDK does not trace. */
export const UNTRACED_MODULES: readonly UntracedModule[] = [
  {
    name: "the OpenAI Realtime API (voice and realtime sessions over WebSocket)",
    packageName: "openai",
    files: /^(beta\/)?realtime\/(ws|websocket|internal-base)\.(c|m)?js$/,
    instead: "wrap each turn of your session in trace() (its input and reply as the event's inputs and outputs) and add the usage of each `response.done` event with enrichSpan({ metrics })",
  },
  {
    name: "OpenAI Agents SDK realtime (voice) agents",
    packageName: "@openai/agents-realtime",
    // every `@openai/agents` app loads the package: only a session that connected says the app uses it
    used: () => realtimeSessionsSeen().connects > 0,
    instead: "wrap each turn in trace() (the user's input and the agent's reply as its inputs and outputs); the Agents SDK's text agents are traced through OpenInference's agents instrumentation",
  },
  {
    name: "Mistral's realtime transcription",
    packageName: "@mistralai/mistralai",
    files: /(^|\/)extra\/realtime\//,
    instead: "wrap each transcription in trace() with its audio's name and the text as outputs",
  },
];
