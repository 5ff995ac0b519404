/** Feedback from end users: recorded from code, or from a browser through a signed token and a route handler. */
export { feedback, type FeedbackOptions } from "./feedback";
export { type FeedbackFields, MAX_FEEDBACK_COMMENT } from "@honeyhive/core/feedback/feedback-entry";
export type { FeedbackTarget } from "./feedback-target";
export { feedbackToken, DEFAULT_FEEDBACK_TOKEN_TTL_MS, type FeedbackTokenOptions } from "./feedback-token";
export { createFeedbackHandler, MAX_FEEDBACK_BODY_BYTES, type FeedbackHandler, type FeedbackHandlerOptions } from "./feedback-handler";
export { toNodeHandler, type NodeRequestListener, type NodeRequestLike, type NodeResponseLike } from "./node-handler";
