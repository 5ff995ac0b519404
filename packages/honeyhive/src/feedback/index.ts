/**
 * Feedback from end users: recorded from code, or from a browser through a signed token and a route handler (tokens,
 * the handler and its Node adapter load their code on first use: `lazy-api.ts`).
 */
export { feedback, type FeedbackOptions } from "./feedback";
export { type FeedbackFields, MAX_FEEDBACK_COMMENT } from "@honeyhive/core/feedback/feedback-entry";
export type { FeedbackTarget } from "./feedback-target";
export { DEFAULT_FEEDBACK_TOKEN_TTL_MS, MAX_FEEDBACK_BODY_BYTES } from "./feedback-limits";
export { feedbackToken, createFeedbackHandler, toNodeHandler } from "./lazy-api";
export type { FeedbackTokenOptions } from "./feedback-token";
export type { FeedbackHandler, FeedbackHandlerOptions } from "./feedback-handler";
export type { NodeRequestListener, NodeRequestLike, NodeResponseLike } from "./node-handler";
