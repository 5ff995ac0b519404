// Types of stats.mjs (for test/bench/ab-stats.test.ts).
export declare const MIN_MARGIN: number;
export declare const MAX_USEFUL_MARGIN: number;
export declare function median(values: number[]): number;
export declare function robustSd(values: number[]): number;
export interface Comparison {
  base: number;
  head: number;
  change: number;
  noise: number;
  margin: number;
  verdict: "regressed" | "improved" | "same";
  suspect: boolean;
  noisy: boolean;
  rounds: number;
}
export declare function compare(base: number[], head: number[]): Comparison;
export declare function range(values: number[], fmt: (x: number) => string): string;
export interface Figure {
  name: string;
  fmt: (x: number) => string;
  gated: boolean;
  accepted?: string;
  /** An absolute limit: a gated figure whose head is above it fails the run. */
  budget?: number;
  base: number[];
  head: number[];
}
export declare function report(figures: Figure[], labels: { base: string; head: string }): { text: string; failed: boolean; noisy: string[] };
export declare function unsettled(figures: Figure[]): string[];
export declare function signTestRank(n: number): number;
