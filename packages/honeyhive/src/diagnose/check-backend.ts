/**
 * Backend check: sends an empty OTLP export (no spans, nothing is written) with the API key to the endpoint spans go to,
 * and reports whether the server answered and accepted the key.
 */
import { resolveTracerConfig, type ResolvedTracerConfig } from "../config/resolve-config";
import { type FetchLike, HttpTimeoutError, type HttpResponseLike } from "../runtime/fetch-like";
import { boundedExchange } from "../transport/bounded-exchange";
import { refusalBlamesKey, scrubbedServerMessage } from "../transport/error-body";
import { scrubSecrets } from "@honeyhive/core/log/logger";
import { isLoopbackUrl } from "@honeyhive/core/net/loopback";
import { type CheckFinding, ok, problem } from "./diagnosis";
import { sendingKey } from "../config/api-keys";
import { TEST_MODE_FROM_ENV, misnamedEnvWarnings } from "../config/env-values";

interface BackendProbeOptions {
  apiKey?: string;
  /** The ingestion key: what spans go with when set (checked instead of `apiKey`). */
  ingestionApiKey?: string;
  serverUrl?: string;
  /** The key is the tracer's (said in the findings, so a user knows which key was checked). */
  keyOfTracer?: boolean;
  timeoutMs: number;
  fetch?: FetchLike;
}

/** What to do about a refused key: a server on this machine is a dev server, whose keys are the ones it was started with. */
function refusedFix(serverUrl: string): string {
  return isLoopbackUrl(serverUrl)
    ? "This dev server accepts only the keys it was started with (`honeyhive serve --api-key`): set HH_API_KEY (or `apiKey`) to one of them, or start it without --api-key to accept any key."
    : "Use a project API key from HoneyHive's settings in HH_API_KEY (or `apiKey`), for the server in HH_API_URL (or `serverUrl`).";
}

/** A refused probe (401 or 403), blamed on the key only when the refusal is the key's ({@link refusalBlamesKey}). */
function refusedFinding(serverUrl: string, whose: string, status: number, reason: string | undefined): CheckFinding {
  if (refusalBlamesKey(status, reason)) return problem(`The backend at ${serverUrl} refused ${whose} (HTTP ${status}${reason === undefined ? "" : `: ${reason}`}).`, refusedFix(serverUrl));
  const devServer = isLoopbackUrl(serverUrl) ? " A dev server answers other Host names once started with `honeyhive serve --allowed-host <name>`." : "";
  return problem(`The backend at ${serverUrl} refused the request (HTTP 403: ${reason}).`, `Do what the server's reason says.${devServer}`);
}

/** The answer with a body read that never fails: only its status matters here. */
function bodyUnread(response: HttpResponseLike): HttpResponseLike {
  return { ok: response.ok, status: response.status, headers: response.headers, text: () => response.text().catch(() => "") };
}

/**
 * On a dev server (a server on this machine): a note when the key's project holds no data while other keys' projects
 * do, which a mistyped key produces (it silently writes to a new, empty project). The dev server's `/viewer/whoami`
 * says only whether others hold data, never which. Empty when that is not the case or cannot be told.
 */
async function emptyProjectNote(send: FetchLike, serverUrl: string, apiKey: string | undefined, timeoutMs: number): Promise<string> {
  // a server on this machine only; the note reads the project (the project key's route: an ingestion key reads nothing)
  if (!isLoopbackUrl(serverUrl) || apiKey === undefined) return "";
  try {
    const init = { method: "GET", headers: { authorization: `Bearer ${apiKey}` }, timeoutMs };
    const { response, body } = await boundedExchange((signal) => send(`${serverUrl}/viewer/whoami`, { ...init, signal }), timeoutMs);
    const answer = response.ok ? (JSON.parse(body) as { has_data?: unknown; other_keys_have_data?: unknown }) : {};
    return answer.has_data === false && answer.other_keys_have_data === true
      ? " Its project on this dev server holds no data while other keys' projects do: if you meant one of those, check HH_API_KEY (or `apiKey`) for a typo."
      : "";
  } catch {
    return ""; // not a dev server, or an older one: nothing to say
  }
}

/** Why nothing is sent (a malformed ingestion key or server URL, no key at all), or undefined when the check can run. */
function unsendable(config: ResolvedTracerConfig, errors: readonly string[]): CheckFinding | undefined {
  const badKey = errors.find((e) => e.startsWith("ingestionApiKey ") || e.startsWith("HH_INGESTION_API_KEY "));
  if (badKey) return problem(`${badKey}; nothing was sent.`, "Set HH_INGESTION_API_KEY (or `ingestionApiKey`) to the ingestion key from HoneyHive's settings, or unset it to send with HH_API_KEY.");
  // A malformed server URL is a finding: the key is never sent to a host the user did not configure.
  const badUrl = errors.find((e) => e.startsWith("serverUrl ") || e.startsWith("HH_API_URL "));
  if (badUrl) return problem(`${badUrl}; nothing was sent.`, "Set HH_API_URL (or `serverUrl`) to the server's base URL, e.g. http://localhost:4318 for `npx honeyhive serve`.");
  if (sendingKey(config)) return undefined;
  return problem(`No API key: nothing would be sent to ${config.serverUrl}.`, "Set HH_API_KEY (or pass `apiKey`), or call diagnose() after creating your tracer (its key is used).");
}

/**
 * The backend finding, with each misspelled variable name appended (`HH_APIKEY` set, `HH_API_KEY` not: the check ran
 * without a key; `HH_SERVER_URL`: against the default server), so the finding names the variable to rename. A backend
 * that took the key is still a problem while `HH_TEST_MODE` is on: tracers would send it nothing.
 */
export async function checkBackend(options: BackendProbeOptions): Promise<CheckFinding> {
  const resolved = resolveTracerConfig({ apiKey: options.apiKey, ingestionApiKey: options.ingestionApiKey, serverUrl: options.serverUrl, sessionName: "honeyhive doctor" });
  const probed = await probeBackend(options, resolved);
  // no testMode option is given: the configuration's test mode is HH_TEST_MODE's
  const finding = probed.status === "ok" && resolved.config.testMode
    ? problem(`${TEST_MODE_FROM_ENV}. ${probed.summary}`, "Unset HH_TEST_MODE (or set it to false) where spans should be sent; keep it for tests only.")
    : probed;
  const misnamed = misnamedEnvWarnings();
  return misnamed.length === 0 ? finding : { ...finding, summary: `${finding.summary} Note: ${misnamed.join("; ")}.` };
}

/** Probes the backend with the configuration `resolved` from `options` (its key, its server). */
async function probeBackend(options: BackendProbeOptions, { config, errors }: ReturnType<typeof resolveTracerConfig>): Promise<CheckFinding> {
  const refused = unsendable(config, errors);
  if (refused !== undefined) return refused;
  const serverUrl = config.serverUrl;
  const key = sendingKey(config) as string;
  const whose = `the ${options.keyOfTracer === true ? "tracer's " : ""}${config.ingestionApiKey !== undefined ? "ingestion key" : "API key"}`;
  const send = options.fetch ?? (globalThis.fetch as unknown as FetchLike | undefined);
  if (typeof send !== "function") return problem("No fetch on this runtime to reach the backend.", "Pass `fetch` to diagnose().");
  let status: number;
  let body: string;
  try {
    const init = { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/x-protobuf" }, body: new Uint8Array(0), timeoutMs: options.timeoutMs };
    // bounded even when the fetch ignores its signal: the finding comes within timeoutMs whatever the backend does
    ({ response: { status }, body } = await boundedExchange((signal) => send(config.otlpEndpoint, { ...init, signal }).then(bodyUnread), options.timeoutMs));
  } catch (error) {
    if (error instanceof HttpTimeoutError) {
      return problem(
        `The backend at ${serverUrl} did not answer within ${options.timeoutMs} ms (timed out).`,
        "Check that the server at HH_API_URL (or `serverUrl`) is up and that nothing between (a proxy, a firewall) holds the connection; a slow link: raise the timeout (`timeoutMs`, `honeyhive doctor --timeout`).",
      );
    }
    const why = scrubSecrets(error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ""}` : String(error), [key]);
    return problem(
      `The backend at ${serverUrl} is unreachable (${why}).`,
      "Check HH_API_URL (or `serverUrl`), and that this machine can reach it (DNS, proxy, firewall); a local dev server: `npx honeyhive serve`.",
    );
  }
  if (status === 401 || status === 403) return refusedFinding(serverUrl, whose, status, scrubbedServerMessage(body, [key]));
  if (status >= 200 && status < 300) {
    const note = await emptyProjectNote(send, serverUrl, config.apiKey, options.timeoutMs);
    return ok(`The backend at ${serverUrl} accepted ${whose} (HTTP ${status}).${note}`);
  }
  return problem(
    `The backend at ${serverUrl} answered HTTP ${status} to an OTLP export.`,
    "Check that HH_API_URL (or `serverUrl`) is HoneyHive's API base URL (spans go to <url>/opentelemetry/v1/traces).",
  );
}
