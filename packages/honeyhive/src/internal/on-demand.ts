/**
 * A module imported on its first need (a dynamic `import()`, which the build turns into a chunk of its own):
 * `import "honeyhive"` loads none of it.
 */

/** `load` run once, on the first call; a failed import is not kept (the next call tries again, e.g. after a disk hiccup). */
export function onDemand<M>(load: () => Promise<M>): () => Promise<M> {
  let loading: Promise<M> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
