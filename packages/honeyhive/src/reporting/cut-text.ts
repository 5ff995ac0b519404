/**
 * `text` cut to at most `max` characters (code points, so an emoji is never split), the last one "…" when it was cut.
 * The one cut of the eval reports' short texts (datapoint labels, inputs previews, failure reasons). Pure.
 */
export function cutText(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
