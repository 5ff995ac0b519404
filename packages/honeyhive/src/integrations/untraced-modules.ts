/**
 * What the SDK does not record, by the module an application loads for it: the one list `diagnose()` names a loaded
 * module from, each with what to do instead (the providers guide lists the same under "not traced"). A module is known
 * by its package and, where the package holds traced parts too, the path of its files within the package.
 */

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
}

/** The modules the SDK does not trace. */
export const UNTRACED_MODULES: readonly UntracedModule[] = [
  {
    name: "the OpenAI Realtime API (voice and realtime sessions over WebSocket)",
    packageName: "openai",
    files: /^(beta\/)?realtime\/(ws|websocket|internal-base)\.(c|m)?js$/,
    instead: "wrap each turn of your session in trace() (its input and reply as the event's inputs and outputs) and add the usage of each `response.done` event with enrichSpan({ metrics })",
  },
  // (@openai/agents-realtime is not detected: `@openai/agents` loads it for every agent, voice or not, so its presence
  // says nothing; the providers page lists realtime agents as not traced)
  {
    name: "Mistral's realtime transcription",
    packageName: "@mistralai/mistralai",
    files: /(^|\/)extra\/realtime\//,
    instead: "wrap each transcription in trace() with its audio's name and the text as outputs",
  },
];
