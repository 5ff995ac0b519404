/** The runtime-neutral entry point of the published build installs the neutral runtime (see `platform-slot.ts`). */
import { neutralRuntime } from "./neutral/neutral-runtime";
import { installRuntime } from "./platform-slot";

installRuntime(neutralRuntime);
