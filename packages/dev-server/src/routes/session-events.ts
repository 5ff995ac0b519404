/**
 * A session's events as the session API's tree route keeps them while it builds the tree (decision record 0097):
 * each event's ids, type and roll-up inputs, and its API text from `event_type` on, encoded into a {@link ByteArena}
 * as its row is read (`Store.sessionEventTexts`): a 10,000-event session's 11 MB of row text is never live all at
 * once on V8's heap, where the young-generation collector would copy it.
 */
import type { SessionEventText } from "../domain/records";
import { isPlainObject, parseStoredJson } from "../domain/json";
import { parseRollUp, rollUpInput, type RollUpInput } from "../domain/roll-up-input";
import { usageSourceOfTexts } from "../domain/usage-source-text";
import type { ByteArena } from "../http/byte-arena";
import { apiEventClose, apiEventNames, apiEventRest } from "../model/event-json";

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
 * The roll-up inputs of `event`: as recorded at write, else read from its objects (a row without the record, or whose
 * objects did not read back as written; a row's objects given as their block of API text are parsed for it, which
 * only a record the server did not write can need).
 */
function rollUpOf(event: SessionEventText): RollUpInput {
  const recorded = parseRollUp(event.roll_up);
  if (recorded !== undefined) return recorded;
  if (event.objects === undefined) return rollUpInput(usageSourceOfTexts(event));
  const parsed = parseStoredJson<unknown>(`{${event.objects.slice(1)}}`, {});
  const objects = isPlainObject(parsed) ? parsed : {};
  const object = (value: unknown): object => (isPlainObject(value) ? value : {});
  return rollUpInput({ event_type: event.event_type, metadata: object(objects.metadata), metrics: object(objects.metrics), config: object(objects.config), outputs: object(objects.outputs) });
}

/** `event` kept as a {@link SessionEvent}, its API text rendered with `tail` (`apiEventTail` without its closing brace) into `arena`. */
export function sessionEventOf(event: SessionEventText, arena: ByteArena, tail: string): SessionEvent {
  return {
    event_id: event.event_id,
    session_id: event.session_id,
    parent_id: event.parent_id,
    children_ids: event.children_ids,
    event_type: event.event_type,
    rollUp: rollUpOf(event),
    rest: event.objects === undefined ? arena.add(apiEventRest(event, tail)) : arena.add(apiEventNames(event), event.objects, apiEventClose(event, tail)),
  };
}
