/**
 * How far a cost can be trusted, and the one rule for the basis of a sum: `reported` (the call carried its own
 * cost) is the most certain, then `priced` (provider-reported tokens × a table price), then `estimated` (token counts
 * an instrumentation estimated). A sum is as certain as its least certain part.
 */

/** How a cost was obtained. */
export type CostBasis = "reported" | "priced" | "estimated";

const BASIS_RANK: Readonly<Record<CostBasis, number>> = { reported: 0, priced: 1, estimated: 2 };

/** True for one of the three bases (a stored `metadata.cost_basis` is untrusted data). */
export function isCostBasis(value: unknown): value is CostBasis {
  return value === "reported" || value === "priced" || value === "estimated";
}

/** The basis of the sum of two costs: the less certain one; undefined when either basis is unknown. */
export function combinedCostBasis(a: CostBasis | undefined, b: CostBasis | undefined): CostBasis | undefined {
  if (a === undefined || b === undefined) return undefined;
  return BASIS_RANK[a] >= BASIS_RANK[b] ? a : b;
}
