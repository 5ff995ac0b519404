import { type Context, context, createContextKey } from "@opentelemetry/api";
import { setContextValue } from "./light-context";
import type { TracerHandle } from "./tracer-handle";

const SESSION_SCOPE_KEY = createContextKey("honeyhive.session_scope");

/** A session that overrides a tracer's own session inside a scope (withSession, trusted incoming session). */
interface SessionScope {
  /** The tracer the override belongs to; other tracers ignore it, so sessions never leak between instances. */
  readonly owner: TracerHandle;
  readonly sessionId: string;
  readonly sessionName?: string;
}

/** Returns a context in which `scope` overrides its owner's session. */
export function setSessionScope(ctx: Context, scope: SessionScope): Context {
  return setContextValue(ctx, SESSION_SCOPE_KEY, scope);
}

/** The session `tracer` should use in `ctx`: a scope owned by it, else its own session. */
export function sessionIdFor(tracer: TracerHandle, ctx: Context = context.active()): string {
  const scope = ctx.getValue(SESSION_SCOPE_KEY) as SessionScope | undefined;
  return scope !== undefined && scope.owner === tracer ? scope.sessionId : tracer.sessionId;
}

/** The session scope in `ctx` whatever its owner, if any. */
export function getSessionScope(ctx: Context = context.active()): SessionScope | undefined {
  return ctx.getValue(SESSION_SCOPE_KEY) as SessionScope | undefined;
}
