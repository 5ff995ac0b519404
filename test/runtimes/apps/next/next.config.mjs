// One Next.js 16 app for four matrix rows (built once: `next build`, then `next start` on 127.0.0.1).
// The root is the matrix project, whose node_modules holds next, react and the packed SDK.
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

export default {
  turbopack: { root },
  outputFileTracingRoot: root,
  typescript: { ignoreBuildErrors: true },
};
