/**
 * The server's own words in a failed answer: its error message and code, read from the JSON body every HoneyHive-like
 * server sends (`{"error": "…"}` from the dev server; `{"message": "…", "code": "…"}`, `{"error": {"message", "code"}}`,
 * `{"detail": "…"}`, `{"errors": [{"message"}]}` elsewhere), else the body's text when it is short plain text. The
 * call's error names it (instead of a raw body cut at 200 characters), and `HoneyHiveApiError` carries it as
 * `serverMessage` and `errorCode`, as the Python SDK's `HTTPException` does since 1.7.
 */
import { scrubSecrets } from "../internal/logger";

/** What a failed answer's body says. */
export interface ErrorBody {
  message?: string;
  code?: string;
}

const MAX_MESSAGE = 500;

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim().slice(0, MAX_MESSAGE) : undefined;
}

function own(object: unknown, key: string): unknown {
  return typeof object === "object" && object !== null && Object.prototype.hasOwnProperty.call(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

function messageOf(body: unknown): string | undefined {
  const error = own(body, "error");
  const first = Array.isArray(own(body, "errors")) ? (own(body, "errors") as unknown[])[0] : undefined;
  return text(error) ?? text(own(error, "message")) ?? text(own(body, "message")) ?? text(own(body, "detail")) ?? text(first) ?? text(own(first, "message"));
}

function codeOf(body: unknown): string | undefined {
  const code = own(body, "code") ?? own(body, "error_code") ?? own(body, "errorCode") ?? own(own(body, "error"), "code");
  return typeof code === "number" ? String(code) : text(code)?.slice(0, 100);
}

/** The message and code of a failed answer's body (`{}` when it says nothing readable). */
export function parseErrorBody(body: string | undefined): ErrorBody {
  const raw = (body ?? "").trim();
  if (raw === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // plain text, not a page of HTML
    return raw.length <= MAX_MESSAGE && !raw.startsWith("<") ? { message: raw } : {};
  }
  const out: ErrorBody = {};
  const message = messageOf(parsed);
  const code = codeOf(parsed);
  if (message !== undefined) out.message = message;
  if (code !== undefined) out.code = code;
  return out;
}

/** The message of a failed answer's body with `secrets` (the API key) scrubbed; undefined when it says nothing readable. */
export function scrubbedServerMessage(body: string | undefined, secrets: readonly unknown[]): string | undefined {
  const said = parseErrorBody(body).message;
  return said === undefined ? undefined : scrubSecrets(said, secrets);
}

/**
 * Whether a refusal is the key's fault: a 401, or a 403 the server gave no reason for. A 403 with a reason (a dev
 * server's Host check, a key of the wrong kind) is reported in the server's words, with no claim that the key is wrong.
 */
export function refusalBlamesKey(status: number | undefined, serverMessage: string | undefined): boolean {
  return status === 401 || (status === 403 && serverMessage === undefined);
}
