// Untraced: the cost of the workload itself.
export async function setup({ work, workAsync, makeNested }) {
  return { sync: work, async: workAsync, nested: makeNested((_name, fn) => fn), flush: async () => {}, shutdown: async () => {} };
}
