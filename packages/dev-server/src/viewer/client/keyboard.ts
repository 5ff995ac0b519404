/**
 * Keyboard navigation across pages: `/` focuses the page's search box, `j` / `k` move through the
 * rows of the page's table (or the events of a trace), `Enter` opens the current row (its `data-primary`
 * control, else its first link), `Esc` leaves a
 * text box or goes back up to the parent page (the last breadcrumb link).
 */

const CURRENT = "kbd-current";

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

function tableRows(main: HTMLElement): HTMLElement[] {
  return [...main.querySelectorAll<HTMLElement>("table tbody tr")].filter((r) => !r.classList.contains("cmp-detail") && r.querySelector("a[href]") !== null);
}

function move(main: HTMLElement, step: 1 | -1): void {
  const waterfall = main.querySelector<HTMLElement>("[data-testid=waterfall]");
  if (waterfall) {
    waterfall.dispatchEvent(new KeyboardEvent("keydown", { key: step === 1 ? "ArrowDown" : "ArrowUp", bubbles: true }));
    return;
  }
  const rows = tableRows(main);
  if (rows.length === 0) return;
  const index = rows.findIndex((r) => r.classList.contains(CURRENT));
  const next = rows[index < 0 ? (step === 1 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, index + step))]!;
  for (const r of rows) r.classList.remove(CURRENT);
  next.classList.add(CURRENT);
  next.setAttribute("aria-current", "true");
  next.scrollIntoView({ block: "nearest" });
}

function open(main: HTMLElement): boolean {
  const row = main.querySelector<HTMLElement>(`tr.${CURRENT}`);
  const target = row?.querySelector<HTMLElement>("[data-primary]") ?? row?.querySelector<HTMLAnchorElement>("a[href]");
  if (!target) return false;
  target.click();
  return true;
}

function back(main: HTMLElement): void {
  const crumbs = main.querySelectorAll<HTMLAnchorElement>(".crumbs a[href]");
  crumbs[crumbs.length - 1]?.click();
}

/** Installs the shortcuts on `document` for the pages mounted in `main`. */
export function installKeyboard(main: HTMLElement): void {
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (typing(event.target)) {
      if (event.key === "Escape") (event.target as HTMLElement).blur();
      return;
    }
    if (event.key === "/") {
      const search = main.querySelector<HTMLElement>("[data-search]");
      if (search) {
        event.preventDefault();
        search.focus();
      }
    } else if (event.key === "j" || event.key === "k") {
      move(main, event.key === "j" ? 1 : -1);
    } else if (event.key === "Enter") {
      if (open(main)) event.preventDefault();
    } else if (event.key === "Escape") {
      back(main);
    }
  });
}
