/** Types of scripts/site-links.mjs (for the tests and the site's config). */
export const SITE_EXCLUDE: string[];
export const EXAMPLE_ROUTE: string;
export function exampleFiles(root: string): string[];
export function exampleSlug(examplePath: string): string;
export function exampleLanguage(examplePath: string): string;
export function sitePageFor(fromPage: string, target: string): string | undefined;
export function siteHref(page: string, href: string): string;
/** The part of markdown-it's parse state the plugin reads: the page rendered, and its tokens. */
export interface MarkdownState {
  env?: { relativePath?: string };
  tokens: { children?: { type: string; attrs?: [string, string][] | null }[] | null }[];
}
/** The part of a markdown-it instance the plugin uses. */
export interface MarkdownCoreRules { core: { ruler: { push(name: string, rule: (state: MarkdownState) => void): void } } }
export function repositoryLinks(md: MarkdownCoreRules): void;
