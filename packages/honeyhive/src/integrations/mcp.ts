/**
 * The SDK's own instrumentation of `@modelcontextprotocol/sdk` (1.x), for `instrumentModules: { mcp: { Client, Server } }`.
 * The published instrumentations do not give a tool event in the caller's session: OpenInference's only carries the
 * context (every baggage entry, through the global propagator) and records no call; OpenLLMetry's records calls under a
 * span opened when the client connected, so every call of a long-lived client lands in the trace of its connection.
 * Here the class prototypes are patched (mutable whether the module came from `import` or `require`):
 * - `Client.prototype.request`: a tool call (`tools/call`) is a CLIENT span (mcp-attributes.ts), and every request
 *   carries the caller's context in `params._meta` (mcp-meta.ts; a copy, the caller's params are left alone), kept
 *   in flight for a server of this process;
 * - `Server.prototype._onrequest`: every request runs in the context its `_meta` carries, and the server's `tools/call`
 *   handler (wrapped when a request reaches it, so handlers registered before the tracer existed are traced too) is a
 *   SERVER span, a child of the caller's.
 * Decision record 0048.
 */
import { type Context, type Span, SpanKind, type TracerProvider, context, trace } from "@opentelemetry/api";
import type { Logger } from "../internal/logger";
import { MCP_SCOPE, type McpRequestLike, TOOLS_CALL, endWithError, endWithResult, mcpRequestAttributes, mcpSpanName } from "./mcp-attributes";
import { contextFromMeta, metaWithContext, noteCallInFlight } from "./mcp-meta";
import { MCP_PATCHED as PATCHED, type McpPrototype as Prototype, mcpPrototype as prototypeOf, mcpServerProblem, reportMcpUnpatched, warnNoMcpClasses } from "./mcp-module";
import { forgetUnpatchedModule } from "./unpatched-modules";
/** Marks a traced server handler. */
const TRACED = Symbol.for("honeyhive.mcp.traced");

interface PatchState {
  provider: TracerProvider;
}

type RequestMethod = (this: ProtocolLike, request: unknown, ...rest: unknown[]) => unknown;
type Handler = ((request: unknown, extra: unknown) => Promise<unknown>) & { [TRACED]?: true };

interface ProtocolLike {
  transport?: { sessionId?: unknown };
  _requestHandlers?: Map<string, Handler>;
}

function isRequest(value: unknown): value is McpRequestLike & { method: string } {
  return typeof value === "object" && value !== null && typeof (value as { method?: unknown }).method === "string";
}

function paramsOf(request: McpRequestLike): Record<string, unknown> {
  return typeof request.params === "object" && request.params !== null ? (request.params as Record<string, unknown>) : {};
}

/** `request` with the context of `ctx` in a copy of its `params._meta`; `request` itself when there is none to add. Never throws. */
function withMeta(request: McpRequestLike, ctx: Context): McpRequestLike {
  try {
    const params = paramsOf(request);
    const meta = metaWithContext(params._meta, ctx);
    return meta === undefined || meta === params._meta ? request : { ...request, params: { ...params, _meta: meta } };
  } catch {
    return request; // params the SDK could not copy (a throwing getter): sent as they are
  }
}

/** A tool call from the client: its span, the context in flight for a server of this process, the reply recorded. */
async function tracedClientCall(self: ProtocolLike, original: RequestMethod, state: PatchState, request: McpRequestLike, rest: unknown[]): Promise<unknown> {
  const tracer = state.provider.getTracer(MCP_SCOPE);
  const span = tracer.startSpan(mcpSpanName(request), { kind: SpanKind.CLIENT, attributes: mcpRequestAttributes(request, self.transport?.sessionId) });
  const ctx = trace.setSpan(context.active(), span);
  const done = noteCallInFlight(ctx);
  try {
    const result = await context.with(ctx, () => original.call(self, withMeta(request, ctx), ...rest));
    endWithResult(span, request, result);
    return result;
  } catch (error) {
    endWithError(span, error);
    throw error;
  } finally {
    done();
  }
}

function wrapClientRequest(original: RequestMethod, state: PatchState): RequestMethod {
  return function request(this: ProtocolLike, req: unknown, ...rest: unknown[]): unknown {
    if (!isRequest(req)) return original.call(this, req, ...rest);
    if (req.method === TOOLS_CALL) return tracedClientCall(this, original, state, req, rest);
    const ctx = context.active();
    const done = noteCallInFlight(ctx);
    try {
      const pending = original.call(this, withMeta(req, ctx), ...rest);
      if (pending instanceof Promise) return pending.finally(done);
      done();
      return pending;
    } catch (error) {
      done();
      throw error;
    }
  };
}

/**
 * Ends `span` with an error when the client cancels the request (`extra.signal`: its timeout, or its own abort), while
 * the caller's session is still open: a handler that runs on would end it after the caller's datapoint or request was
 * over, too late to be recorded. Returns whether it did, as a function (the handler's own end is then skipped).
 */
function endOnCancel(span: Span, extra: unknown): () => boolean {
  let cancelled = false;
  const signal = (extra as { signal?: unknown } | undefined)?.signal;
  if (!(signal instanceof AbortSignal)) return () => false;
  const onAbort = (): void => {
    cancelled = true;
    const reason: unknown = signal.reason;
    endWithError(span, new Error(`cancelled by the client${reason instanceof Error ? `: ${reason.message}` : typeof reason === "string" ? `: ${reason}` : ""}`));
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
  return () => {
    signal.removeEventListener("abort", onAbort);
    return cancelled;
  };
}

/** A server's `tools/call` handler as a SERVER span, in the context the request runs in. */
function tracedHandler(handler: Handler, state: PatchState): Handler {
  const traced: Handler = async (request, extra) => {
    const req = isRequest(request) ? request : { method: TOOLS_CALL };
    const tracer = state.provider.getTracer(MCP_SCOPE);
    const span = tracer.startSpan(mcpSpanName(req), { kind: SpanKind.SERVER, attributes: mcpRequestAttributes(req, (extra as { sessionId?: unknown } | undefined)?.sessionId) });
    const settled = endOnCancel(span, extra);
    try {
      const result = await context.with(trace.setSpan(context.active(), span), () => handler(request, extra));
      if (!settled()) endWithResult(span, req, result);
      return result;
    } catch (error) {
      if (!settled()) endWithError(span, error);
      throw error;
    }
  };
  traced[TRACED] = true;
  return traced;
}

/** Wraps the server's current `tools/call` handler once (a handler set again later is wrapped at its first request). */
function traceToolHandler(server: ProtocolLike, state: PatchState): void {
  const handlers = server._requestHandlers;
  const handler = handlers instanceof Map ? handlers.get(TOOLS_CALL) : undefined;
  if (typeof handler === "function" && handler[TRACED] !== true) handlers!.set(TOOLS_CALL, tracedHandler(handler, state));
}

function wrapServerOnRequest(original: RequestMethod, state: PatchState): RequestMethod {
  return function _onrequest(this: ProtocolLike, req: unknown, ...rest: unknown[]): unknown {
    if (!isRequest(req)) return original.call(this, req, ...rest);
    try {
      if (req.method === TOOLS_CALL) traceToolHandler(this, state);
    } catch {
      // a server whose handlers cannot be read: its requests still run in the caller's context
    }
    return context.with(contextFromMeta(paramsOf(req)._meta), () => original.call(this, req, ...rest));
  };
}

/** Patches `proto[name]` once with `wrap`; a second call rebinds the spans to `provider`. Whether it was newly patched. */
function patchOnce(proto: Prototype | undefined, name: string, provider: TracerProvider, wrap: (original: RequestMethod, state: PatchState) => RequestMethod): boolean | undefined {
  const original = proto?.[name];
  if (proto === undefined || typeof original !== "function") return undefined;
  const existing = Object.prototype.hasOwnProperty.call(proto, PATCHED) ? (proto[PATCHED] as PatchState) : undefined;
  if (existing) {
    existing.provider = provider;
    return false;
  }
  const state: PatchState = { provider };
  proto[name] = wrap(original as RequestMethod, state);
  Object.defineProperty(proto, PATCHED, { value: state, configurable: true });
  return true;
}

/**
 * Patches the `Client` and/or `Server` classes of `@modelcontextprotocol/sdk` given as `{ Client, Server }` (or the
 * `client/index.js` / `server/index.js` module). Returns whether anything was newly patched. What was given and
 * cannot be patched (neither class, or `McpServer` for `Server`) is warned about once per process and reported by
 * `diagnose()` (unpatched-modules.ts).
 */
export function instrumentMcp(modules: unknown, provider: TracerProvider, logger: Logger): boolean {
  const client = patchOnce(prototypeOf(modules, "Client"), "request", provider, wrapClientRequest);
  const server = patchOnce(prototypeOf(modules, "Server"), "_onrequest", provider, wrapServerOnRequest);
  const given = (typeof modules === "object" || typeof modules === "function") && modules !== null ? modules : undefined;
  const serverSide = server === undefined ? mcpServerProblem(modules) : undefined;
  if (client === undefined && server === undefined) {
    warnNoMcpClasses(modules, logger);
    return false;
  }
  if (serverSide !== undefined) reportMcpUnpatched(modules, serverSide, logger);
  else if (given !== undefined) forgetUnpatchedModule(given);
  logger.debug(`instrumentModules.mcp: patched${client === true ? " Client.request" : ""}${server === true ? " Server._onrequest" : ""}`);
  return client === true || server === true;
}
