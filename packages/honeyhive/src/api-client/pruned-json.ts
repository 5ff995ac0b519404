/**
 * Parses a JSON text while leaving out the members a {@link PruneSpec} names, without ever building their values: a
 * large answer's per-item detail is stepped over in its text (brackets and strings matched), so the objects it would
 * become are never allocated. The rule is the one of `internal/json-pruner.ts` (which the SDK's transports also feed an
 * answer's bytes as they arrive); only the kept text is parsed (`JSON.parse`, so its syntax is checked). Pruning a
 * text already pruned keeps it as it is, so an answer a transport pruned reads the same.
 */
import { JsonPruner, LEFT_OUT, type PruneSpec } from "../internal/json-pruner";

export { LEFT_OUT, type PruneSpec };

/** `text` parsed without the members `spec` leaves out; throws a SyntaxError when it is not JSON (as `JSON.parse`). */
export function parsePrunedJson(text: string, spec: PruneSpec): unknown {
  const pruner = new JsonPruner(spec, "text");
  pruner.write(text);
  const kept = pruner.end();
  if (kept === "") throw new SyntaxError("empty JSON text");
  return JSON.parse(kept);
}
