/** Evaluates a lazy value (a zero-argument function) once; a throwing thunk yields undefined. Other values pass through. */
export function resolveLazy<T>(value: T | (() => T)): T | undefined {
  if (typeof value !== "function") return value;
  try {
    return (value as () => T)();
  } catch {
    return undefined;
  }
}
