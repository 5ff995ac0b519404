/** The compare page's "Prompt changed" block: the two runs' prompts (`metadata.prompt`) and the template's line diff. */
import { promptChange, promptLabel } from "@honeyhive/core/prompts/prompt-change";
import { h } from "./dom";

/** The block, or null when the runs used the same prompt (or none). */
export function promptChangeView(oldMetadata: unknown, newMetadata: unknown): HTMLElement | null {
  const change = promptChange(oldMetadata, newMetadata);
  if (change === undefined) return null;
  const pre = h("pre", { class: "diff-pre", testid: "prompt-diff" });
  for (const line of change.lines ?? []) {
    const text = `${line.kind === "same" ? "  " : line.kind === "del" ? "- " : "+ "}${line.text}\n`;
    pre.append(line.kind === "same" ? document.createTextNode(text) : h("span", { class: `diff-${line.kind}` }, text));
  }
  return h(
    "section",
    { class: "block", testid: "prompt-change" },
    h("p", null, h("b", null, "Prompt changed: "), h("code", null, promptLabel(change.before)), " → ", h("code", null, promptLabel(change.after))),
    change.lines ? pre : null,
  );
}
