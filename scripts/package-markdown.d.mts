/** Types of scripts/package-markdown.mjs (for the tests). */
export function repositoryWebUrl(repository: unknown): string;
export function packagedMarkdown(markdown: string, web: string, packaged: readonly string[]): string;
