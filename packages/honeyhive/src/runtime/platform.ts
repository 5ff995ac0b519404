/**
 * The runtime, as the sources see it (tests, tsx): the Node runtime. The published build
 * (`scripts/build-sdk.mjs`) puts `platform-slot.ts` in place of this one file, and each entry point installs its
 * runtime there (`install-node.ts`, or `install-neutral.ts` under the `workerd` / `edge-light` / `worker` / `browser`
 * export conditions); nothing else differs between the runtimes.
 */
export { nodeRuntime as runtime } from "./node/node-runtime";
