/**
 * Light and dark themes: the viewer follows the system setting (`prefers-color-scheme`) until the
 * user picks a theme with the toggle, which is remembered in local storage. The theme is applied as
 * `data-theme` on the root element, which the stylesheet keys its colours on.
 */
import { h } from "./dom";

const STORAGE = "honeyhive.viewer.theme";
/** A stored choice; "system" follows the operating system. */
export type ThemeChoice = "system" | "light" | "dark";
const NEXT: Record<ThemeChoice, ThemeChoice> = { system: "dark", dark: "light", light: "system" };

function stored(): ThemeChoice {
  try {
    const value = window.localStorage.getItem(STORAGE);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

function systemDark(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-color-scheme: dark)").matches;
}

function apply(choice: ThemeChoice): void {
  const dark = choice === "dark" || (choice === "system" && systemDark());
  document.documentElement.dataset.theme = dark ? "dark" : "light";
}

/** Applies the current theme and returns the toggle button for the header. */
export function themeToggle(): HTMLElement {
  let choice = stored();
  apply(choice);
  const label = () => `${choice === "dark" ? "☾" : choice === "light" ? "☀" : "◐"} ${choice}`;
  const button = h("button", { class: "btn btn-small", type: "button", testid: "theme-toggle", title: "Theme: follow the system, dark, or light" }, label());
  button.addEventListener("click", () => {
    choice = NEXT[choice];
    try {
      if (choice === "system") window.localStorage.removeItem(STORAGE);
      else window.localStorage.setItem(STORAGE, choice);
    } catch {
      // storage unavailable: the choice lasts for this page
    }
    apply(choice);
    button.textContent = label();
  });
  if (typeof window.matchMedia === "function") {
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
      if (choice === "system") apply(choice);
    });
  }
  return button;
}
