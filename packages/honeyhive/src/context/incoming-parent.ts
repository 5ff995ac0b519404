import { type Context, createContextKey } from "@opentelemetry/api";
import { setContextValue } from "./light-context";

const INCOMING_PARENT_KEY = createContextKey("honeyhive.incoming_parent");

/** The remote parent read from incoming headers, with the HoneyHive session its sender named (baggage). */
interface IncomingParent {
  readonly spanId: string;
  readonly sessionId: string;
}

/** Returns a context recording that the remote parent `spanId` belongs to the sender's session `sessionId`. */
export function setIncomingParent(ctx: Context, parent: IncomingParent): Context {
  return setContextValue(ctx, INCOMING_PARENT_KEY, parent);
}

/** The session the sender named for the remote parent `spanId` in `ctx`, if the headers named one. */
export function incomingSessionOf(ctx: Context, spanId: string): string | undefined {
  const parent = ctx.getValue(INCOMING_PARENT_KEY) as IncomingParent | undefined;
  return parent !== undefined && parent.spanId === spanId ? parent.sessionId : undefined;
}
