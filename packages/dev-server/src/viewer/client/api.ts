/**
 * The viewer's HTTP client: same-origin `fetch` with the API key as a bearer token. The key is kept in
 * the browser's local storage for this origin (each key belongs to one project on the dev server).
 */

const KEY_STORAGE = "honeyhive.viewer.apiKey";
/** Fallback when local storage is unavailable. */
let memoryKey: string | null = null;

/** A failed API call with its HTTP status (0 for a network failure). */
export class ApiError extends Error {
  override readonly name = "ApiError";
  /** @param status - HTTP status, 0 when the server could not be reached. */
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The stored API key, or null. */
export function getApiKey(): string | null {
  try {
    const key = window.localStorage.getItem(KEY_STORAGE);
    return key && key.trim() !== "" ? key : memoryKey;
  } catch {
    return memoryKey;
  }
}

/** Stores the API key (or removes it with null). */
export function setApiKey(key: string | null): void {
  try {
    if (key === null) window.localStorage.removeItem(KEY_STORAGE);
    else window.localStorage.setItem(KEY_STORAGE, key.trim());
  } catch {
    // storage unavailable (private mode): the key lives only as long as the page
  }
  memoryKey = key === null ? null : key.trim();
}


/** Query values; undefined and "" are left out. */
export type Query = Record<string, string | number | undefined>;

/** Builds `path?query` from a query object. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.set(k, String(v));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function request<T>(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const key = getApiKey();
  if (key === null) throw new ApiError(401, "no API key");
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
      cache: "no-store",
      credentials: "omit",
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, "the dev server cannot be reached");
  }
  let payload: unknown;
  try {
    payload = await response.json();
  } catch {
    payload = undefined;
  }
  if (!response.ok) {
    const message =
      typeof payload === "object" && payload !== null && typeof (payload as { error?: unknown }).error === "string"
        ? (payload as { error: string }).error
        : `HTTP ${response.status}`;
    throw new ApiError(response.status, message);
  }
  return payload as T;
}

/** GET a JSON API path. */
export function apiGet<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  return request<T>("GET", withQuery(path, query), undefined, signal);
}

/** POST a JSON body to an API path. */
export function apiPost<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return request<T>("POST", path, body, signal);
}

/**
 * GET the bytes of an API path as a Blob typed with the server's `Content-Type` (the attachment route sniffs it from
 * the bytes). Same authentication as {@link apiGet}: the key travels in a header, never in a URL.
 */
export async function apiBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  const key = getApiKey();
  if (key === null) throw new ApiError(401, "no API key");
  const response = await fetch(path, { headers: { authorization: `Bearer ${key}` }, signal: signal ?? null, credentials: "omit" });
  if (!response.ok) throw new ApiError(response.status, `HTTP ${response.status}`);
  const type = response.headers.get("content-type") ?? "application/octet-stream";
  return new Blob([await response.arrayBuffer()], { type });
}
