/**
 * The sessions page's search and filter bar. Every control mirrors one key of the route's query, so a
 * filtered view is a link that can be shared; the API receives times as Unix milliseconds.
 */
import type { Query } from "./api";
import { h } from "./dom";
import { debounce } from "./page";
import type { Route } from "./router";

/** The query keys the bar owns. */
export const FILTER_KEYS = ["q", "name", "source", "event_type", "errors", "metadata", "run_id", "from", "to"] as const;

const TEXT_FILTERS = [
  { key: "q", label: "Search name, inputs, outputs, errors", wide: true },
  { key: "source", label: "Source" },
  { key: "metadata", label: "metadata key=value" },
  { key: "run_id", label: "Run id" },
  { key: "name", label: "Name contains" },
] as const;
const EVENT_TYPES = ["", "model", "tool", "chain"];

/** A `datetime-local` value as Unix ms in the browser's zone, or undefined. */
export function localTimeMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

/** The API query for the filters in `route`. */
export function filterQuery(route: Route): Query {
  const q = route.query;
  const out: Query = {};
  for (const key of FILTER_KEYS) out[key] = q.get(key) ?? undefined;
  out.from = localTimeMs(q.get("from"));
  out.to = localTimeMs(q.get("to"));
  return out;
}

/** The filter bar; `apply(changes)` receives the new values of every key. */
export function filterBar(route: Route, apply: (changes: Query) => void): { el: HTMLElement; sync(route: Route): void } {
  const controls = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const read = () => {
    const changes: Query = { page: undefined };
    for (const [key, el] of controls) {
      changes[key] = el instanceof HTMLInputElement && el.type === "checkbox" ? (el.checked ? "1" : undefined) : el.value.trim() || undefined;
    }
    apply(changes);
  };
  const later = debounce(read, 250);
  const form = h("form", { class: "filters", testid: "session-filters", on: { submit: (e) => e.preventDefault() } });
  for (const f of TEXT_FILTERS) {
    const input = h("input", {
      class: "wide" in f ? "input input-wide" : "input", type: "search", name: f.key, placeholder: f.label, value: route.query.get(f.key) ?? "",
      testid: `filter-${f.key}`, attrs: { "aria-label": f.label, ...(f.key === "q" ? { "data-search": "" } : {}) },
    });
    input.addEventListener("input", later);
    controls.set(f.key, input);
    form.append(input);
  }
  const type = h("select", { class: "input", testid: "filter-event_type", attrs: { "aria-label": "contains event type" }, on: { change: read } },
    ...EVENT_TYPES.map((t) => h("option", { value: t, selected: (route.query.get("event_type") ?? "") === t }, t === "" ? "any event type" : `has ${t} events`)));
  controls.set("event_type", type);
  const errors = h("input", { type: "checkbox", testid: "filter-errors", checked: route.query.get("errors") === "1", on: { change: read } });
  controls.set("errors", errors);
  const time = (key: "from" | "to", label: string) => {
    const input = h("input", { class: "input input-time", type: "datetime-local", testid: `filter-${key}`, value: route.query.get(key) ?? "", attrs: { "aria-label": label }, on: { change: read } });
    controls.set(key, input);
    return h("label", { class: "inline-label" }, label, input);
  };
  form.append(type, h("label", { class: "inline-label" }, errors, "errors only"), time("from", "from"), time("to", "to"));
  return {
    el: form,
    sync(next) {
      for (const [key, el] of controls) {
        if (document.activeElement === el) continue;
        if (el instanceof HTMLInputElement && el.type === "checkbox") el.checked = next.query.get(key) === "1";
        else el.value = next.query.get(key) ?? "";
      }
    },
  };
}
