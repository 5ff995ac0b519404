/**
 * Live updates by polling: a task runs every `intervalMs` while the tab is visible, never overlapping
 * itself, and stops when its page goes away. A header indicator shows whether updates flow.
 */

/** Indicator states. */
export type LiveState = "live" | "paused" | "offline";

let indicator: HTMLElement | null = null;

/** Registers the header element that shows the live state. */
export function setLiveIndicator(el: HTMLElement): void {
  indicator = el;
}

/** Shows a live state in the header. */
export function showLiveState(state: LiveState): void {
  if (!indicator) return;
  indicator.className = `live live-${state}`;
  indicator.textContent = state === "live" ? "● live" : state === "paused" ? "○ paused" : "● offline";
  indicator.title =
    state === "live" ? "New data appears automatically" : state === "paused" ? "Updates paused" : "The dev server cannot be reached";
}

/** A running poller. */
export interface Poller {
  /** Runs the task now (still never overlapping). */
  poke(): void;
  stop(): void;
}

/**
 * Polls `task` every `interval()` ms until stopped, backing off to four times the task's own duration
 * when the server is slow to answer (a huge session), so polling never keeps the server busy.
 */
export function startPolling(task: () => Promise<void>, interval: () => number): Poller {
  let stopped = false;
  let running = false;
  let timer: number | undefined;
  let lastDuration = 0;
  const schedule = () => {
    if (stopped) return;
    if (timer !== undefined) window.clearTimeout(timer);
    timer = window.setTimeout(tick, Math.max(interval(), lastDuration * 4));
  };
  const tick = () => {
    if (stopped || running) return;
    if (document.visibilityState === "hidden") {
      schedule();
      return;
    }
    running = true;
    const started = performance.now();
    task()
      .then(() => showLiveState("live"))
      .catch(() => showLiveState("offline"))
      .finally(() => {
        lastDuration = performance.now() - started;
        running = false;
        schedule();
      });
  };
  schedule();
  return {
    poke: () => {
      if (timer !== undefined) window.clearTimeout(timer);
      tick();
    },
    stop: () => {
      stopped = true;
      if (timer !== undefined) window.clearTimeout(timer);
    },
  };
}
