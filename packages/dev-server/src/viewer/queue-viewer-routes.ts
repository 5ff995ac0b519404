/**
 * The viewer's review-queue routes, per key like every route: `GET /viewer/queues`, `GET /viewer/queues/:id` (its
 * events one by one on the page), and `POST /viewer/events/:id/feedback` `{ name, value, comment?, idempotency_key? }`,
 * which writes feedback by the SDK's rule (`feedback.<name>`, `<name>_comment`, `<name>_meta`): one value per name.
 */
import { feedbackProblem, feedbackUpdate, newIdempotencyKey, type FeedbackFields } from "@honeyhive/core/feedback/feedback-entry";
import { requireUuid } from "../domain/validate";
import { badRequest, notFound } from "../http/http-error";
import { applyEventPatch } from "../model/event-model";
import { objectBody } from "../routes/common";
import type { ApiRoute, RouteContext } from "../routes/route-context";
import { listViewerQueues, viewerQueue } from "./server/queues-view";

const MAX_ID = 200;

async function queue(ctx: RouteContext): Promise<unknown> {
  const id = ctx.params.id ?? "";
  if (id === "" || id.length > MAX_ID) throw badRequest("queue id is missing or too long");
  const detail = await viewerQueue(ctx.store, ctx.project.id, id);
  if (!detail) throw notFound(`queue ${id} not found`);
  return detail;
}

async function recordFeedback(ctx: RouteContext): Promise<unknown> {
  const id = requireUuid(ctx.params.id, "event id");
  const body = await objectBody(ctx);
  const fields = { name: body.name, value: body.value, ...(body.comment !== undefined && body.comment !== "" ? { comment: body.comment } : {}) };
  const problem = feedbackProblem(fields);
  if (problem) throw badRequest(problem);
  const key = body.idempotency_key;
  if (key !== undefined && (typeof key !== "string" || key === "" || key.length > MAX_ID)) throw badRequest(`idempotency_key must be a string of 1-${MAX_ID} characters`);
  const feedback = feedbackUpdate(fields as FeedbackFields, (key as string | undefined) ?? newIdempotencyKey());
  const updated = await ctx.store.updateEvent(ctx.project.id, id, (current) => applyEventPatch(current, { merge: { feedback } }));
  if (!updated) throw notFound(`event ${id} not found`);
  return { success: true, event_id: id, feedback: updated.feedback };
}

/** The review-queue routes of the viewer. */
export const queueViewerRoutes: readonly ApiRoute[] = [
  { method: "GET", pattern: "/viewer/queues", handler: async (ctx) => ({ queues: await listViewerQueues(ctx.store, ctx.project.id) }) },
  { method: "GET", pattern: "/viewer/queues/:id", handler: queue },
  { method: "POST", pattern: "/viewer/events/:id/feedback", handler: recordFeedback },
];
