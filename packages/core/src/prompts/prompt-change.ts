/**
 * Whether two runs used different prompts (`metadata.prompt` of `evaluate({ prompt })`: name, version, template) and
 * the template's line diff, for every comparison (the CLI's, the Markdown report's, the viewer's compare page).
 */

/** The prompt a run recorded. */
export interface RunPrompt {
  readonly name: string;
  readonly version: string;
  readonly env?: string;
  readonly template?: string;
}

/** One line of a template diff: in both, only the old run's (`del`), or only the new run's (`add`). */
export interface TemplateLine {
  readonly kind: "same" | "del" | "add";
  readonly text: string;
}

/** How the prompt changed between an old and a new run. */
export interface PromptChange {
  readonly before?: RunPrompt;
  readonly after?: RunPrompt;
  /** The template's line diff; undefined when a side has no template or the templates are too long to diff. */
  readonly lines?: readonly TemplateLine[];
}

/** Most lines of one template diffed (the diff is quadratic in lines). */
const MAX_LINES = 300;

/** The prompt in a run's metadata, if it recorded one. */
export function runPromptOf(metadata: unknown): RunPrompt | undefined {
  const p = typeof metadata === "object" && metadata !== null ? (metadata as Record<string, unknown>).prompt : undefined;
  if (typeof p !== "object" || p === null) return undefined;
  const { name, version, env, template } = p as Record<string, unknown>;
  if (typeof name !== "string" || typeof version !== "string") return undefined;
  return { name, version, ...(typeof env === "string" ? { env } : {}), ...(typeof template === "string" ? { template } : {}) };
}

/** Line diff of two texts by longest common subsequence; undefined past {@link MAX_LINES} lines a side. */
export function lineDiff(before: string, after: string): TemplateLine[] | undefined {
  const a = before.split("\n");
  const b = after.split("\n");
  if (a.length > MAX_LINES || b.length > MAX_LINES) return undefined;
  const common: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  }
  const out: TemplateLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: "same", text: a[i++]! });
      j++;
    } else if (i < a.length && (j === b.length || common[i + 1]![j]! >= common[i]![j + 1]!)) out.push({ kind: "del", text: a[i++]! });
    else out.push({ kind: "add", text: b[j++]! });
  }
  return out;
}

/** How the prompt changed from the old run's metadata to the new run's; undefined when it did not (or neither had one). */
export function promptChange(oldMetadata: unknown, newMetadata: unknown): PromptChange | undefined {
  const before = runPromptOf(oldMetadata);
  const after = runPromptOf(newMetadata);
  if (before === undefined && after === undefined) return undefined;
  if (before !== undefined && after !== undefined && before.name === after.name && before.version === after.version) return undefined;
  const lines = before?.template !== undefined && after?.template !== undefined ? lineDiff(before.template, after.template) : undefined;
  return { ...(before ? { before } : {}), ...(after ? { after } : {}), ...(lines ? { lines } : {}) };
}

/** `support-a@3f2a9c0b` (name and the version's first 8 characters), or `none`. */
export function promptLabel(prompt: RunPrompt | undefined): string {
  return prompt === undefined ? "none" : `${prompt.name}@${prompt.version.slice(0, 8)}`;
}

/** The change as plain text lines: `prompt changed: a@1 -> b@2`, then the template diff (`- old`, `+ new`, `  same`). */
export function promptChangeText(change: PromptChange): string[] {
  const head = `prompt changed: ${promptLabel(change.before)} -> ${promptLabel(change.after)}`;
  const mark = { same: "  ", del: "- ", add: "+ " } as const;
  return [head, ...(change.lines ?? []).map((l) => `${mark[l.kind]}${l.text}`)];
}
