/**
 * The viewer's Prompts page: each configuration of the project (per API key) with its environments, its content
 * versions over time (the configuration's history) and, per version, the events made with it (the events whose
 * prompt, by core's rule `eventPromptOf`, has the prompt's name and that version, as `withPrompt` / `compile()` link them).
 */
import { eventPromptOf } from "@honeyhive/core/prompts/event-prompt";
import { promptContentOf } from "@honeyhive/core/prompts/prompt-version";
import type { Store } from "../../store/store";
import type { EventRecord } from "../../domain/records";
import type { PromptSummary, PromptVersionSummary } from "../shared/wire-types";
import type { PromptVersionDetail } from "../shared/prompt-types";

/** Most prompts on the page, and most linked events read per prompt. */
const MAX_PROMPTS = 200;
const MAX_EVENTS = 2000;
const RECENT = 5;

async function linkedEvents(store: Store, projectId: string, name: string): Promise<EventRecord[]> {
  const page = await store.queryEvents(projectId, {
    predicate: (e) => e.event_type !== "session" && eventPromptOf(e)?.name === name,
    predicateFields: ["config", "metadata", "event_type"],
    order: "desc",
    limit: MAX_EVENTS,
  });
  return page.events;
}

function versionSummary(version: string, savedAt: string, env: string[], events: readonly EventRecord[]): PromptVersionSummary {
  const made = events.filter((e) => eventPromptOf(e)?.version === version);
  return {
    version, saved_at: savedAt, env, events: made.length,
    recent: made.slice(0, RECENT).map((e) => ({ event_id: e.event_id, session_id: e.session_id, event_name: e.event_name, start_time: e.start_time ?? 0 })),
  };
}

/** Every prompt of the project, newest saved first, each with its versions (newest first) and their events. */
export async function listViewerPrompts(store: Store, projectId: string): Promise<PromptSummary[]> {
  const configurations = (await store.configurations.list(projectId, {})).slice(-MAX_PROMPTS).reverse();
  const out: PromptSummary[] = [];
  for (const c of configurations) {
    const [history, events] = await Promise.all([store.configurations.history(projectId, c.id), linkedEvents(store, projectId, c.name)]);
    const versions = history.map((h) => versionSummary(h.version, h.saved_at, h.env, events)).reverse();
    out.push({ id: c.id, name: c.name, env: c.env, provider: c.provider, versions });
  }
  return out;
}

/**
 * One version of a prompt with its content (the latest history entry with that version: an environment change saves
 * the same content again); undefined when the project has no such prompt or the prompt never had that version.
 */
export async function viewerPromptVersion(store: Store, projectId: string, configId: string, version: string): Promise<PromptVersionDetail | undefined> {
  const found = (await store.configurations.list(projectId, {})).find((c) => c.id === configId);
  if (!found) return undefined;
  const entry = (await store.configurations.history(projectId, configId)).filter((h) => h.version === version).pop();
  if (!entry) return undefined;
  return {
    prompt: { id: found.id, name: found.name }, version: entry.version, saved_at: entry.saved_at, env: entry.env,
    content: promptContentOf(entry.provider, entry.parameters),
  };
}
