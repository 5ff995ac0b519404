/** The runtime of the runtime-neutral build (see `platform.ts`): web APIs only, no Node built-in. */
export { neutralRuntime as runtime } from "./neutral/neutral-runtime";
