import { sharedState } from "./process-state";

/**
 * Whether this process runs evaluations through a front end: the `honeyhive eval` CLI (its listening runner is
 * registered before the user's files load) or the `honeyhive/vitest` / `honeyhive/jest` runners (marked when they
 * load). Tracers made there for instrumentation only start their session when it is first needed.
 */
export function isEvaluationProcess(): boolean {
  const state = sharedState();
  return state.evaluationFrontEnd === true || state.listeningRunner !== undefined;
}

/** Marks the process as running evaluations (the test runners call it when they load). */
export function markEvaluationProcess(): void {
  sharedState().evaluationFrontEnd = true;
}
