// Types of trees.mjs (for test/bench/ab-base.test.ts).
export declare const BASELINE_FILE: string;
export declare function resolveBase(root: string, explicit?: string): { sha: string; why: string };
export declare function acceptedRegressions(root: string, baseSha: string): Map<string, string>;
