import type { AttributeValue, Attributes, Context } from "@opentelemetry/api";
import { getSessionScope } from "../context/session-scope";
import { evaluatorOf } from "../context/evaluator-scope";
import { ATTR_EVALUATOR, ATTR_SESSION_NAME } from "@honeyhive/core/semconv/attributes";
import { markIfSessionRoot } from "./session-boundary";
import { type StampFields, type StampableSpan, applyBaggageEvalIds, buildStamp } from "./span-stamp";

/** A session's core attributes as a ready-to-copy object (insertion order = stamp order, core keys first). */
interface StampTemplate {
  readonly sessionId: string;
  readonly attributes: Attributes;
  readonly count: number;
}

function templateOf(sessionId: string, fields: Omit<StampFields, "sessionId">, sessionName?: string): StampTemplate {
  const attributes: Attributes = {};
  const count = buildStamp(sessionId, fields, attributes);
  if (sessionName === undefined) return { sessionId, attributes, count };
  attributes[ATTR_SESSION_NAME] = sessionName;
  return { sessionId, attributes, count: count + 1 };
}

/**
 * The one stamp cache of a tracer: the core attributes (session, source, project, eval ids) of its own session
 * and of the last scoped session (withSession, trusted incoming session), computed once per session and used
 * for every span the tracer owns, its own light spans and routed OpenTelemetry SDK spans alike.
 */
export class StampCache {
  readonly #fields: Omit<StampFields, "sessionId">;
  readonly #needsBaggage: boolean;
  #own: StampTemplate;
  #scoped: StampTemplate | undefined;

  /** @param fields - read by name and kept (a tracer hands its frozen configuration: no copy per tracer). */
  constructor(fields: StampFields) {
    this.#fields = fields;
    this.#needsBaggage = !fields.runId || !fields.datasetId || !fields.datapointId;
    this.#own = templateOf(fields.sessionId, fields);
  }

  /**
   * Switches the tracer's own session. `sessionName`: the name a backend gives the session when its spans create it
   * (`honeyhive.session_name` on every span of it; the session this tracer started needs none).
   */
  setSessionId(sessionId: string, sessionName?: string): void {
    this.#own = templateOf(sessionId, this.#fields, sessionName);
  }

  /** The template for a span of `owner` starting in `parentContext` (a session scope of `owner` wins). */
  templateFor(parentContext: Context, owner: object): StampTemplate {
    const scope = getSessionScope(parentContext);
    if (scope === undefined || scope.owner !== owner || scope.sessionId === this.#own.sessionId) return this.#own;
    if (this.#scoped?.sessionId !== scope.sessionId) this.#scoped = templateOf(scope.sessionId, this.#fields);
    return this.#scoped;
  }

  /**
   * Writes the stamp, then what the parent context adds ({@link stampContext}), on a span that is starting. Returns
   * the session id stamped (the tracer's own, or a scoped one): the tracer learns from it, without another context
   * lookup, whether the span needs its own session.
   */
  stamp(span: StampableSpan, parentContext: Context, owner: object): string {
    const { sessionId, attributes } = this.templateFor(parentContext, owner);
    for (const key in attributes) span.setAttribute(key, attributes[key] as AttributeValue);
    this.stampContext(span, parentContext, sessionId);
    return sessionId;
  }

  /**
   * Writes what the parent context adds to a span of session `sessionId`: whether it is a root of its session
   * (its parent is not in it: span/session-boundary.ts), the evaluator mark (evaluation work) and eval ids from
   * baggage.
   */
  stampContext(span: StampableSpan, parentContext: Context, sessionId: string): void {
    markIfSessionRoot(span, parentContext, sessionId);
    const evaluator = evaluatorOf(parentContext);
    if (evaluator !== undefined) span.setAttribute(ATTR_EVALUATOR, evaluator);
    this.stampBaggage(span, parentContext);
  }

  /** Copies eval ids from incoming W3C baggage when the tracer has not set them all. */
  stampBaggage(span: StampableSpan, parentContext: Context): void {
    if (!this.#needsBaggage) return;
    try {
      applyBaggageEvalIds(span, parentContext);
    } catch {
      // unreadable baggage (another library's object in context) adds no ids; the span is still stamped
    }
  }
}
