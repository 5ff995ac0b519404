/**
 * The feedback functions `import "honeyhive"` exports that load their code on first use (tokens and their signing, the
 * route handler, its Node adapter). What a call reads of its context — the tracer, the current span or session — is
 * read at once, as if the function ran then: the current span gets its event id before it can end.
 */
import { discoverTracerHandle } from "../context/discover";
import { guard, noteInternalError } from "../internal/guard";
import { FEEDBACK_HANDLER_OPTION_KEYS, FEEDBACK_TOKEN_OPTION_KEYS, checkFeedbackOptions } from "./feedback-options";
import { callOnDemand, onDemand } from "../seam/on-demand";
import type * as FeedbackHandlerModule from "./feedback-handler";
import type * as FeedbackTokenModule from "./feedback-token";
import { type FeedbackTarget, resolveFeedbackTarget, spanEventId } from "./feedback-target";
import type * as NodeHandlerModule from "./node-handler";

const loadToken = onDemand(() => import("./feedback-token"));
const loadHandler = onDemand(() => import("./feedback-handler"));
const loadNodeHandler = onDemand(() => import("./node-handler"));

/** `{ current: "span" | "session" }` as the event it names now (else the target as given: the token's code judges it). */
function pinnedTarget(target: FeedbackTarget, tracer: unknown): FeedbackTarget {
  if (typeof target !== "object" || target === null || !("current" in target)) return target;
  return guard(() => {
    const resolved = resolveFeedbackTarget(target, discoverTracerHandle(tracer).tracer);
    if (resolved === undefined) return target;
    return { eventId: resolved.kind === "span" ? spanEventId(resolved.span) : resolved.id };
  }, target);
}

/**
 * A short-lived signed token naming an event or session, for the browser to post feedback with to the app's
 * feedback route ({@link createFeedbackHandler}); the browser never holds the API key. Undefined (with a warning) when
 * it cannot sign. Rejects only for an unknown option key (a `HoneyHiveConfigError` naming the closest key, whatever
 * the resilience mode): the options grant a permission, and a typo (`nmes`) must not sign a token for any name.
 */
export const feedbackToken: typeof FeedbackTokenModule.feedbackToken = (target, options) => {
  try {
    checkFeedbackOptions([[options, FEEDBACK_TOKEN_OPTION_KEYS, "feedbackToken()"]], guard(() => discoverTracerHandle(options?.tracer).tracer, undefined), "decisive");
  } catch (error) {
    return Promise.reject(error);
  }
  const pinned = pinnedTarget(target, options?.tracer);
  return callOnDemand(loadToken, (module) => module.feedbackToken(pinned, options)).catch((error: unknown) => {
    noteInternalError(error); // its code could not be loaded
    return undefined;
  });
};

function internalError(): Response {
  return new Response(JSON.stringify({ error: "feedback could not be recorded" }), { status: 500, headers: { "content-type": "application/json; charset=utf-8" } });
}

/**
 * The app's feedback route, fetch-style (`(request) => Promise<Response>`): checks the token and the body, then records
 * the feedback with the server's key. Without an API key every request is answered 503. Throws a
 * `HoneyHiveConfigError` naming the closest key for an unknown option key (its options decide which tokens it
 * accepts); the route itself never throws or rejects.
 */
export const createFeedbackHandler: typeof FeedbackHandlerModule.createFeedbackHandler = (options) => {
  checkFeedbackOptions([[options, FEEDBACK_HANDLER_OPTION_KEYS, "createFeedbackHandler()"]], undefined, "decisive");
  const handler = loadHandler().then((module) => module.createFeedbackHandler(options));
  handler.catch(noteInternalError); // answered as 500 by each request
  return async (request) => {
    try {
      return await (await handler)(request);
    } catch {
      return internalError();
    }
  };
};

/** Adapts a fetch-style handler to a `node:http` / Express listener. Answers 500 (JSON) if anything fails. */
export const toNodeHandler: typeof NodeHandlerModule.toNodeHandler = (handler) => {
  let listener: NodeHandlerModule.NodeRequestListener | undefined;
  return (request, response) => {
    if (listener !== undefined) return listener(request, response);
    loadNodeHandler().then((module) => {
      listener ??= module.toNodeHandler(handler);
      listener(request, response);
    }, () => {
      response.writeHead(500, { "content-type": "application/json; charset=utf-8" });
      response.end(JSON.stringify({ error: "internal error" }));
    });
  };
};
