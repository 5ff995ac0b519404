/**
 * Query strings as the HoneyHive OpenAPI spec serialises them: its query parameters use the OpenAPI
 * default (`style: form`, `explode: true`), so an array is one repeated key per item (`ids=a&ids=b`),
 * never `ids[]=a`.
 */

/** Query-string values; arrays become repeated keys, undefined and null are left out. */
export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];

/** Builds `?k=v&…` (or `""` when empty) with every key and value percent-encoded. */
export function buildQuery(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!query) return "";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const name = encodeURIComponent(key);
    if (Array.isArray(value)) {
      for (const item of value as readonly (string | number)[]) parts.push(`${name}=${encodeURIComponent(String(item))}`);
    } else {
      parts.push(`${name}=${encodeURIComponent(String(value))}`);
    }
  }
  return parts.length > 0 ? `?${parts.join("&")}` : "";
}
