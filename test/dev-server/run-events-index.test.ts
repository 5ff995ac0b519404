/**
 * A resumed run reads its sessions, then its function's spans, page by page through `POST /v1/events/search`
 * (`evaluation/resume-point.ts`). The store answers a run's events of one type from the `events_by_run_type` index
 * alone (decision record 0104): each page's positions and the count read no table rows and sort nothing but ties, so a
 * deep page costs about what the first one does. Checked on the query plans of the statements the store really
 * prepares, on a real SQLite database, and on the pages' contents.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSqliteDriver } from "../../packages/dev-server/src/index";
import type { Database } from "../../packages/dev-server/src/store/sqlite-driver";
import { prepareDatabase } from "../../packages/dev-server/src/store/sqlite-schema";
import { queryEventRows } from "../../packages/dev-server/src/store/sqlite-event-query";
import { RECORD_READER } from "../../packages/dev-server/src/store/sqlite-event-rows";
import type { EventQuery } from "../../packages/dev-server/src/domain/records";

const RUN = "run-a";
const SESSIONS = 120;
let db: Database;

function insert(project: number, id: string, session: string, type: string, name: string, run: string | null, start: number): void {
  db.prepare(`INSERT INTO events (project, event_id, session_id, event_type, event_name, source, run_id, start_time,
    inputs, outputs, config, metadata, metrics, feedback, user_properties, children_ids)
    VALUES (?, ?, ?, ?, ?, 'evaluation', ?, ?, '{}', '{}', '{}', '{}', '{}', '{}', '{}', '[]')`).run(project, id, session, type, name, run, start);
}

beforeAll(async () => {
  db = (await loadSqliteDriver("auto")).open(":memory:", { timeout: 1000 });
  prepareDatabase(db, true);
  for (let i = 0; i < SESSIONS; i++) {
    const start = 1_700_000_000_000 + Math.floor(i / 3); // ties: three sessions a millisecond
    insert(1, `s${i}`, `s${i}`, "session", "experiment", RUN, start);
    insert(1, `f${i}`, `s${i}`, "chain", "fn", RUN, start + 1);
    insert(1, `e${i}`, `s${i}`, "chain", "exact", RUN, start + 2); // another chain span of the run: not the function's
    insert(1, `o${i}`, `o${i}`, "session", "experiment", "run-b", start); // another run
    insert(2, `p${i}`, `p${i}`, "session", "experiment", RUN, start); // another project, same run id
  }
});
afterAll(() => db.close());

/** The statements `queryEventRows` prepares for `query`, with the page it returns. */
function run(query: EventQuery): { sql: string[]; ids: string[]; total: number } {
  const sql: string[] = [];
  const recording: Database = { ...db, prepare: (text: string) => (sql.push(text), db.prepare(text)), open: db.open };
  const page = queryEventRows(recording, 1, query, RECORD_READER);
  return { sql, ids: page.events.map((e) => e.event_id), total: page.total };
}

function plan(sql: string): string[] {
  const params = { project: 1, w_run_id: RUN, w_event_type: "session", w_event_name: "fn", limit: 10, offset: 0 };
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((row) => row.detail);
}

describe("a run's events of one type, page by page (the resume point's reads)", () => {
  const sessions: EventQuery = { where: { run_id: RUN, event_type: "session" }, order: "desc", limit: 50 };
  const spans: EventQuery = { where: { run_id: RUN, event_type: "chain", event_name: "fn" }, order: "desc", limit: 50 };

  it("the count and each page's positions are read from the events_by_run_type index alone (no table row, no full sort)", () => {
    for (const query of [sessions, spans]) {
      const { sql } = run({ ...query, offset: 50 });
      const positionStatements = sql.filter((s) => !s.includes("json_each"));
      expect(positionStatements.length).toBeGreaterThanOrEqual(2); // the count and the page
      for (const statement of positionStatements) {
        const steps = plan(statement).filter((step) => step.includes("events"));
        expect(steps.some((step) => step.includes("COVERING INDEX events_by_run_type"))).toBe(true);
        expect(steps.filter((step) => step.startsWith("SCAN") || step.includes("events_by_run_session"))).toEqual([]);
      }
    }
  });

  it("the pages hold exactly the run's events of the type (and name) asked, newest first, each once, in this project only", () => {
    const walk = (query: EventQuery): string[] => {
      const ids: string[] = [];
      for (let offset = 0; offset < SESSIONS + 50; offset += 50) {
        const page = run({ ...query, offset });
        expect(page.total).toBe(SESSIONS);
        ids.push(...page.ids);
      }
      return ids;
    };
    const expected = (prefix: string): string[] => Array.from({ length: SESSIONS }, (_, i) => `${prefix}${SESSIONS - 1 - i}`);
    expect(walk(sessions)).toEqual(expected("s"));
    expect(walk(spans)).toEqual(expected("f"));
  });
});
