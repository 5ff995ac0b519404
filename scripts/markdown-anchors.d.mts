/** GitHub's anchor of a heading's text (repeats are numbered by the caller). */
export declare function githubSlug(heading: string): string;
