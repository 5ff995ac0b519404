/** Prompts check: which prompts `getPrompt()` served stale, from the file cache or from the fallback (the API failed). */
import { promptServingNotes } from "../prompts/prompt-serving-notes";
import { type CheckFinding, ok, problem } from "./diagnosis";

const SHOWN = 5;

export function checkPrompts(): CheckFinding {
  const notes = promptServingNotes();
  if (notes.length === 0) return ok("No prompt was served stale or from a fallback.");
  const listed = notes.slice(-SHOWN).map((n) => `"${n.name}" (${n.env}) served ${n.served === "stale" ? "stale" : `from the ${n.served}`} ${n.count}× at version ${n.version}: ${n.reason}`);
  const more = notes.length > SHOWN ? `; and ${notes.length - SHOWN} more` : "";
  return problem(
    `${notes.length} prompt(s) could not be fetched fresh: ${listed.join("; ")}${more}.`,
    "Check the server and key getPrompt() uses (see the backend check), and that each prompt exists in its environment; a fallback prompt is version \"fallback\".",
  );
}
