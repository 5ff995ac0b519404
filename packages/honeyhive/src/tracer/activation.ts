import { noteInternalError } from "../internal/guard";

/** The process-wide steps of activation, in the order they run (their undos run in reverse at shutdown). */
const ACTIVATION_STEPS = ["provider", "instrumentations", "default-tracer", "exit-hooks", "spool", "session-start"] as const;

/** One step of {@link ACTIVATION_STEPS}. */
type ActivationStepName = (typeof ACTIVATION_STEPS)[number];

/**
 * What a step does to the activated object `target`: returns its undo (or nothing when it has none of its own, e.g.
 * the shared provider).
 */
type ActivationStep<T> = (target: T) => (() => void) | void;

/**
 * The steps of an activation, one per {@link ACTIVATION_STEPS} name, each given the object it activates: a table made
 * once per class (a tracer's activation makes no closures, see `tracer-core.ts`).
 */
export type ActivationSteps<T> = Readonly<Record<ActivationStepName, ActivationStep<T>>>;

/**
 * A tracer's activation: the process-wide actions its construction does not take, run once in a fixed order,
 * each guarded (a failing step costs itself, never the others or the caller), each with its undo recorded for
 * `shutdown()`. Construction builds objects only; `activate()` is the one place a tracer touches global state.
 */
export class Activation {
  #state: "constructed" | "active" | "undone" = "constructed";
  readonly #undos: Array<() => void> = [];
  readonly #done: ActivationStepName[] = [];

  /** "constructed" until {@link run}, "active" after it, "undone" after {@link undo}. */
  get state(): "constructed" | "active" | "undone" {
    return this.#state;
  }

  /** The steps that ran (in order). */
  get completed(): readonly ActivationStepName[] {
    return this.#done;
  }

  /** Runs every step in {@link ACTIVATION_STEPS} order on `target`, once; later calls do nothing. Never throws. */
  run<T>(steps: ActivationSteps<T>, target: T): boolean {
    if (this.#state !== "constructed") return false;
    this.#state = "active";
    for (const name of ACTIVATION_STEPS) {
      try {
        const undo = steps[name](target);
        if (typeof undo === "function") this.#undos.push(undo);
        this.#done.push(name);
      } catch (error) {
        noteInternalError(error);
      }
    }
    return true;
  }

  /** Runs the recorded undos in reverse order, once (shutdown). A tracer never activated is marked undone. */
  undo(): void {
    if (this.#state === "undone") return;
    this.#state = "undone";
    while (this.#undos.length > 0) {
      const undo = this.#undos.pop() as () => void;
      try {
        undo();
      } catch (error) {
        noteInternalError(error);
      }
    }
  }
}
