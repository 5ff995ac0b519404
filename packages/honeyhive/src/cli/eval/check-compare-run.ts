import { createApiClient } from "../../api-client/create-api-client";

/**
 * Checks, before anything runs, that the `--compare` run exists: resolves with an error message for the
 * user when it does not (or cannot be checked), undefined when it does.
 */
export async function checkCompareRun(runId: string, apiKey: string, serverUrl: string): Promise<string | undefined> {
  const api = createApiClient({ apiKey, serverUrl });
  const found = await api.runs.get(runId);
  if (found.ok) return undefined;
  if (found.status === 404 || found.status === 400 || found.status === 422) {
    return `--compare: run "${runId}" was not found on ${serverUrl} (give the run id printed by an earlier "honeyhive eval", or see the runs list in the viewer)`;
  }
  return `--compare: could not check run "${runId}" on ${serverUrl}: ${found.error}`;
}
