/**
 * The runtime of this build, chosen once: the Node build exports the Node runtime. The runtime-neutral build
 * (tsup.config.ts, export conditions `workerd` / `edge-light` / `worker` / `browser`) replaces this one file by
 * `platform-neutral.ts`; nothing else differs between the builds.
 */
export { nodeRuntime as runtime } from "./node/node-runtime";
