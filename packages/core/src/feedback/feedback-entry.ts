/**
 * One piece of feedback (a name, a value, an optional comment) and how it is written on an event: the rule shared by
 * the SDK's `feedback()`, its token handler and the dev server's viewer, so all of them write the same state.
 */
import { newUuid } from "../ids/uuid";

/** A JSON object as written in an event's `feedback`. */
type FeedbackObject = { [key: string]: string | number | boolean | null | { idempotency_key: string } };

/** A piece of feedback: `{ name: "thumbs", value: true, comment: "helpful" }`. */
export interface FeedbackFields {
  /** What is rated (`thumbs`, `rating`, `correct`): letters, digits, `_`, `-` and `.`, at most 64 characters. */
  name: string;
  /** The rating: a boolean, a finite number or a string of at most 256 characters. */
  value: boolean | number | string;
  /** Free text from the person giving feedback, at most {@link MAX_FEEDBACK_COMMENT} characters. */
  comment?: string;
}

/** Longest comment accepted. */
export const MAX_FEEDBACK_COMMENT = 4000;
const MAX_STRING_VALUE = 256;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Suffixes of the companion keys: a name may not end with one (its value would collide with another's companion). */
const RESERVED_SUFFIXES = ["_comment", "_meta"];

/** Why `name` is not a feedback name, or undefined when it is one. */
export function feedbackNameProblem(name: unknown): string | undefined {
  if (typeof name !== "string" || !NAME.test(name)) return "name must be 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit";
  if (RESERVED_SUFFIXES.some((suffix) => name.endsWith(suffix))) return `name must not end with ${RESERVED_SUFFIXES.join(" or ")}`;
  return undefined;
}

/** Why `fields` is not a piece of feedback, or undefined when it is one. Never throws. */
export function feedbackProblem(fields: unknown): string | undefined {
  if (typeof fields !== "object" || fields === null) return "feedback must be an object { name, value, comment? }";
  const { name, value, comment } = fields as Record<string, unknown>;
  const nameProblem = feedbackNameProblem(name);
  if (nameProblem) return nameProblem;
  const valueOk = typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)) || (typeof value === "string" && value.length <= MAX_STRING_VALUE);
  if (!valueOk) return `value must be a boolean, a finite number or a string of at most ${MAX_STRING_VALUE} characters`;
  if (comment !== undefined && (typeof comment !== "string" || comment.length > MAX_FEEDBACK_COMMENT)) {
    return `comment must be a string of at most ${MAX_FEEDBACK_COMMENT} characters`;
  }
  return undefined;
}

/**
 * The `feedback` object of the event update for one piece of feedback: `{ [name]: value, [name_comment]: comment or
 * null, [name_meta]: { idempotency_key } }`. The backend merges `feedback` key by key, so this replaces every earlier
 * value of the same name on the event (a thumb flipped up, down, up leaves one value) and leaves other names alone;
 * the body depends only on its arguments, so sending it again writes the same state.
 */
export function feedbackUpdate(fields: FeedbackFields, idempotencyKey: string): FeedbackObject {
  return {
    [fields.name]: fields.value,
    [`${fields.name}_comment`]: fields.comment ?? null,
    [`${fields.name}_meta`]: { idempotency_key: idempotencyKey },
  };
}

/** A fresh idempotency key (when the caller gives none). */
export function newIdempotencyKey(): string {
  return newUuid();
}
