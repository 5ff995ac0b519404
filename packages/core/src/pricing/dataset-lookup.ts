/**
 * A model's entry in the built-in price dataset, as `@pydantic/genai-prices` finds it: the first of the provider's
 * models whose rule matches the name, then the first in each provider it falls back to; the name as recorded
 * (lower case), then without a routing prefix (`openai/gpt-4o`, `us.anthropic.claude-…`), then with a compact
 * date written with dashes (`-20250514` → `-2025-05-14`).
 */
import { datasetProvider } from "./provider-names";
import { matchesClause, type DatasetModel, type DatasetProvider } from "./price-dataset";

/** A dataset entry found for a call: the provider that lists it and the model. */
export interface DatasetEntry {
  readonly provider: string;
  readonly model: DatasetModel;
}

/** `openai/gpt-4o` → `gpt-4o`; `us.anthropic.claude-3-5-sonnet-…` → `claude-3-5-sonnet-…`; lower case. */
export function modelFamilyName(model: string): string {
  let name = model.trim().toLowerCase();
  name = name.slice(name.lastIndexOf("/") + 1);
  for (let match = /^([a-z]+)\.(.+)$/.exec(name); match; match = /^([a-z]+)\.(.+)$/.exec(name)) name = match[2]!;
  return name;
}

const COMPACT_DATE = /-(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|@|$)/g;

/** The names a model is looked up by, in order, without repeats. */
export function modelNames(model: string): string[] {
  const raw = model.trim().toLowerCase();
  const names = [raw, modelFamilyName(raw)];
  for (const name of [...names]) names.push(name.replace(COMPACT_DATE, "-$1-$2-$3"));
  return [...new Set(names)];
}

function findIn(provider: DatasetProvider, names: readonly string[]): DatasetModel | undefined {
  for (const name of names) {
    const found = provider.models.find((m) => matchesClause(m.match, name));
    if (found) return found;
  }
  return undefined;
}

/** The dataset entry of `names` under a provider id (its own models, then its fallback providers'), or undefined. */
export function findDatasetEntry(providerId: string, names: readonly string[]): DatasetEntry | undefined {
  const provider = datasetProvider(providerId);
  if (provider === undefined) return undefined;
  const own = findIn(provider, names);
  if (own) return { provider: provider.id, model: own };
  for (const id of provider.fallback ?? []) {
    const other = datasetProvider(id);
    const found = other ? findIn(other, names) : undefined;
    if (found) return { provider: other!.id, model: found };
  }
  return undefined;
}
