/**
 * Binds the callback queue of a LangChain stack's own `@langchain/core` as the SDK does at activation (decision record
 * 0006). In a user's install the SDK resolves the app's `@langchain/core` itself; here the SDK's sources run from the
 * repository root and would resolve the root's copy, not the stack's. Shared by the LangChain stacks (`langgraph`,
 * `langgraph-anthropic`).
 */
import { createRequire } from "node:module";
import { bindLangChainCallbackQueue } from "../../packages/honeyhive/src/integrations/langchain-callback-queue";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";

/** Binds the queue of the `@langchain/core` that `stackFileUrl` (a stack file's `import.meta.url`) resolves; throws when it cannot. */
export function bindStackCallbackQueue(stackFileUrl: string): void {
  const require = createRequire(stackFileUrl);
  const fromCore = createRequire(require.resolve("@langchain/core/callbacks/manager"));
  const PQueue = fromCore("p-queue") as { default?: { prototype?: unknown }; prototype?: unknown };
  const binding = bindLangChainCallbackQueue(createLogger({ sink: () => undefined }), typeof PQueue.default === "function" ? PQueue.default : PQueue);
  if (binding !== "bound" && binding !== "already-bound") throw new Error(`LangChain's callback queue: ${binding}`);
}
