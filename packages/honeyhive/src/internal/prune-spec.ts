/**
 * What a pruned read leaves out of a JSON answer (the rule itself is `json-pruner.ts`, loaded on first use: only a
 * pruned read needs it).
 */

/** A member left out whole. */
export const LEFT_OUT = "left out";

/**
 * What to leave out of a JSON value: `LEFT_OUT` for a member dropped whole, an object of member names for an object
 * whose members are pruned in turn (`"[]"`: each element of an array); a value of another shape is kept whole.
 */
export type PruneSpec = typeof LEFT_OUT | { readonly [member: string]: PruneSpec };
