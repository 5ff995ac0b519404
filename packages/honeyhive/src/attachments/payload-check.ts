/**
 * Whether a string may carry a payload: the one check of the export hot path, shared by the stage and the feature's
 * cheap test before the stage's code is loaded (`attachments-feature.ts`).
 */
import { EXPLICIT_ATTACHMENT_MARK } from "@honeyhive/core/attachments/base64-runs";

/** Base64 characters that decode to `bytes` bytes (the shortest string that may carry a payload of that size). */
export function base64Chars(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/** Whether `value` holds an explicit attachment (`attachment()`'s parameter), extracted whatever its size. */
export function holdsExplicitAttachment(value: string): boolean {
  return value.length > EXPLICIT_ATTACHMENT_MARK.length && value.includes(EXPLICIT_ATTACHMENT_MARK);
}

/** Whether a string may hold a payload: at least `minChars` long, or (once `attachment()` was used: `explicit`) an explicit attachment. */
export function mayHoldPayload(value: string, minChars: number, explicit: boolean): boolean {
  return value.length >= minChars || (explicit && holdsExplicitAttachment(value));
}
