/**
 * Examples run against a local HoneyHive-compatible server started in the same process (in memory, on a
 * free port), so they need no account and no network. Import this module FIRST: it starts the server and
 * points the SDK at it (HH_API_URL / HH_API_KEY) before the example's own code reads them.
 *
 * In your own code you would instead set HH_API_KEY (and HH_API_URL for `npx honeyhive serve`).
 */
import { createDevServer } from "@honeyhive/dev-server";

const server = await createDevServer({ inMemory: true, port: 0 });
const previous = { HH_API_URL: process.env.HH_API_URL, HH_API_KEY: process.env.HH_API_KEY };
process.env.HH_API_URL = server.url;
process.env.HH_API_KEY = "local";

/** Stops the server and points the process back where it pointed before (later code must not send to a closed port). */
async function stop(): Promise<void> {
  await server.close();
  for (const [name, value] of Object.entries(previous)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

interface ExportedEvent {
  session_id: string;
  event_type: string;
  event_name: string;
}

async function exportEvents(): Promise<ExportedEvent[]> {
  const response = await fetch(`${server.url}/v1/events/export`, {
    method: "POST",
    headers: { authorization: "Bearer local", "content-type": "application/json" },
    body: JSON.stringify({ filters: [], limit: 5000 }),
  });
  if (!response.ok) throw new Error(`the local server answered ${response.status}`);
  return ((await response.json()) as { events: ExportedEvent[] }).events;
}

/** The local server the example sends to. */
export const localBackend = {
  url: server.url,
  /** Prints what the server received (sessions and their events), then stops it. */
  async report(): Promise<void> {
    const events = await exportEvents();
    const sessions = new Map<string, ExportedEvent[]>();
    for (const e of events) sessions.set(e.session_id, [...(sessions.get(e.session_id) ?? []), e]);
    console.log(`The local HoneyHive server received ${events.length} event(s) in ${sessions.size} session(s):`);
    for (const list of sessions.values()) {
      const root = list.find((e) => e.event_type === "session");
      const names = list.filter((e) => e !== root).map((e) => `${e.event_type}:${e.event_name}`);
      console.log(`  ${root?.event_name ?? "(session)"}: ${names.join(", ") || "no child events"}`);
    }
    console.log("This example's server kept them in memory and stops now, so links printed above no longer open; to keep runs");
    console.log("and browse them, run `npx honeyhive serve` and set the HH_API_URL and HH_API_KEY it prints.");
    await stop();
  },
  close: stop,
};
