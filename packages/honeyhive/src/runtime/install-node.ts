/** The Node entry points of the published build install the Node runtime (see `platform-slot.ts`). */
import { nodeRuntime } from "./node/node-runtime";
import { installRuntime } from "./platform-slot";

installRuntime(nodeRuntime);
