/**
 * DOM construction without HTML parsing. Every string becomes a text node or an attribute value set
 * through the DOM API, so stored data can never turn into markup or script. Links are restricted to
 * the viewer's own `#/...` routes and same-origin paths.
 */

/** Something that can be appended: nodes, text (as a text node), or nothing. */
export type Child = Node | string | number | null | undefined | false;

/** Element properties understood by {@link h}. */
export interface Props {
  class?: string;
  title?: string;
  href?: string;
  type?: string;
  value?: string;
  placeholder?: string;
  name?: string;
  disabled?: boolean;
  checked?: boolean;
  selected?: boolean;
  tabIndex?: number;
  /** `data-testid`, for tests. */
  testid?: string;
  /** Other attributes (`aria-*`, `role`, `data-*`, `for`, ...). */
  attrs?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

/** True for an href the viewer may emit: its own hash routes or a same-origin absolute path. */
export function isSafeHref(href: string): boolean {
  return href.startsWith("#") || (href.startsWith("/") && !href.startsWith("//"));
}

/** Creates an element with properties and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) applyProps(el, props);
  append(el, ...children);
  return el;
}

/** Text-valued properties, in the order they were always set (an input's `type` before its `value`). */
function applyTextProps(el: HTMLElement, props: Props): void {
  if (props.class) el.className = props.class;
  if (props.title !== undefined) el.title = props.title;
  if (props.href !== undefined && isSafeHref(props.href)) el.setAttribute("href", props.href);
  if (props.type !== undefined) el.setAttribute("type", props.type);
  if (props.value !== undefined) (el as HTMLInputElement).value = props.value;
  if (props.placeholder !== undefined) el.setAttribute("placeholder", props.placeholder);
  if (props.name !== undefined) el.setAttribute("name", props.name);
}

/** Form states, tab order and the test id. */
function applyStateProps(el: HTMLElement, props: Props): void {
  if (props.disabled) (el as HTMLButtonElement).disabled = true;
  if (props.checked) (el as HTMLInputElement).checked = true;
  if (props.selected) (el as HTMLOptionElement).selected = true;
  if (props.tabIndex !== undefined) el.tabIndex = props.tabIndex;
  if (props.testid !== undefined) el.dataset.testid = props.testid;
}

/** Other attributes, never an event handler, a style, or a link target (those go through checked paths). */
function applyAttrs(el: HTMLElement, attrs: Record<string, string>): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (/^on/i.test(name) || name === "style" || name === "href" || name === "src") continue;
    el.setAttribute(name, value);
  }
}

function applyProps(el: HTMLElement, props: Props): void {
  applyTextProps(el, props);
  applyStateProps(el, props);
  if (props.attrs) applyAttrs(el, props.attrs);
  for (const [name, handler] of Object.entries(props.on ?? {})) {
    el.addEventListener(name, handler as EventListener);
  }
}

/** Appends children (strings as text nodes). */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Removes every child of `el`. */
export function clear(el: Node): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Replaces the children of `el`. */
export function replaceChildren(el: Node, ...children: Child[]): void {
  clear(el);
  append(el, ...children);
}

/** A colored badge for an event type (model, tool, chain, session, other). */
export function typeBadge(type: string): HTMLElement {
  const known = ["model", "tool", "chain", "session"].includes(type) ? type : "other";
  return h("span", { class: `badge badge-${known}`, title: `event type: ${type}` }, type);
}

/** A status badge (PASS / FAIL, run statuses). */
export function statusBadge(label: string, tone: "good" | "bad" | "neutral" | "busy"): HTMLElement {
  return h("span", { class: `status status-${tone}` }, label);
}
