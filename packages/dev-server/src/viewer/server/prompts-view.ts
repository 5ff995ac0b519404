/**
 * The viewer's Prompts page: each configuration of the project (per API key) with its environments, its content
 * versions over time (the configuration's history) and, per version, the events made with it (events whose config
 * carries the prompt's `prompt_name` and `prompt_version`, as the SDK's `withPrompt` / `compile()` link them).
 */
import type { Store } from "../../store/store";
import type { EventRecord } from "../../domain/records";
import type { PromptSummary, PromptVersionSummary } from "../shared/wire-types";

/** Most prompts on the page, and most linked events read per prompt. */
const MAX_PROMPTS = 200;
const MAX_EVENTS = 2000;
const RECENT = 5;

async function linkedEvents(store: Store, projectId: string, name: string): Promise<EventRecord[]> {
  const page = await store.queryEvents(projectId, {
    predicate: (e) => e.event_type !== "session" && e.config.prompt_name === name,
    predicateFields: ["config", "event_type"],
    order: "desc",
    limit: MAX_EVENTS,
  });
  return page.events;
}

function versionSummary(version: string, savedAt: string, env: string[], events: readonly EventRecord[]): PromptVersionSummary {
  const made = events.filter((e) => e.config.prompt_version === version);
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
