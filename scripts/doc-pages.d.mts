/** Types of scripts/doc-pages.mjs (for the tests). */
export function documentationPages(root: string): string[];
export function isGeneratedReference(path: string): boolean;
