/**
 * "Called from": where a session, or an event of it, was called from in a distributed trace. A link to the caller's
 * session (at the caller's event) when this project holds that session, else the caller's id.
 */
import { h } from "./dom";
import { shortId } from "./format";
import { href, sessionPath } from "./router";
import type { CalledFrom } from "./types";

/** The caller, as a link when its session is stored here (`testid` marks it for tests). */
export function calledFromTarget(caller: CalledFrom, testid: string): HTMLElement {
  const label = caller.session_name ?? shortId(caller.session_id ?? caller.event_id);
  return caller.session_name !== null && caller.session_id !== null
    ? h("a", { href: href(sessionPath(caller.session_id), caller.event_id !== null ? { event: caller.event_id } : undefined), testid, title: caller.session_id }, label)
    : h("b", { class: "mono", title: caller.session_id ?? "the caller's session is not stored in this project" }, label);
}
