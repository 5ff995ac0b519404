/**
 * A session's events as the session API's tree route keeps them while it builds the tree (decision record 0097):
 * each event's ids, type and roll-up inputs, and its API text from `event_type` on rendered into a {@link ByteArena}
 * as it is read. The row's stored text is dropped at once, so a 10,000-event session's 11 MB of row strings are never
 * live together on V8's heap; the tree is then written from the arena's bytes in tree order.
 */
import type { EventTextRecord } from "../domain/records";
import { parseRollUp, rollUpInput, type RollUpInput } from "../domain/roll-up-input";
import { usageSourceOfTexts } from "../domain/usage-source-text";
import type { ByteArena } from "../http/byte-arena";
import { apiEventRest } from "../model/event-json";

/** An event of the session: what the tree, its links and the roll-ups read, and the rest of its API text as bytes. */
export interface SessionEvent {
  readonly event_id: string;
  readonly session_id: string;
  readonly parent_id: string | null;
  /** As stored, then its children in the session (`store/children-links.ts`). */
  readonly children_ids: string[];
  readonly event_type: string;
  /** What the session's roll-ups read of it (`domain/roll-up-input.ts`). */
  readonly rollUp: RollUpInput;
  /** `apiEventRest` of the event (its API text after `children_ids`), as UTF-8 in the arena. */
  readonly rest: Buffer;
}

/**
 * `event` kept as a {@link SessionEvent}, its API text rendered with `tail` (`apiEventTail` without its closing brace)
 * into `arena`. Its roll-up inputs are as recorded at write, or read from its objects when the row has no record or
 * its objects did not read back as written (`Store.queryEventTexts`).
 */
export function sessionEventOf(event: EventTextRecord, arena: ByteArena, tail: string): SessionEvent {
  return {
    event_id: event.event_id,
    session_id: event.session_id,
    parent_id: event.parent_id,
    children_ids: event.children_ids,
    event_type: event.event_type,
    rollUp: parseRollUp(event.roll_up) ?? rollUpInput(usageSourceOfTexts(event)),
    rest: arena.add(apiEventRest(event, tail)),
  };
}
