/**
 * The note on the viewer's empty pages when the key's project holds nothing while other keys' projects on this
 * server do (`GET /viewer/whoami`'s `has_data` / `other_keys_have_data`): the usual cause is the app sending
 * traces with another `HH_API_KEY` than the viewer's. It never names other projects (the server tells only
 * whether any exist with data).
 */
import { apiGet } from "./api";
import { h } from "./dom";

interface DataPresence {
  has_data: boolean;
  other_keys_have_data: boolean;
}

/** The note's text. */
export const EMPTY_PROJECT_NOTE = "This key's project is empty; other API keys on this server have data — check HH_API_KEY (your app's key and the key this viewer uses must be the same).";

/** An element that becomes the note when the key's project is empty while others hold data, and stays empty otherwise. */
export function emptyProjectNote(): HTMLElement {
  const holder = h("div", { testid: "empty-project-slot" });
  apiGet<DataPresence>("/viewer/whoami").then(
    (who) => {
      holder.dataset.checked = "true";
      if (who.has_data || !who.other_keys_have_data) return;
      holder.className = "warn-box";
      holder.dataset.testid = "empty-project-note";
      holder.textContent = EMPTY_PROJECT_NOTE;
    },
    () => undefined,
  );
  return holder;
}
