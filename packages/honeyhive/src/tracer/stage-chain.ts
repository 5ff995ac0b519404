import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { ExportStage, PipelinePart } from "../seam/tracer-feature";

/**
 * The export stages of `parts`, one after the other (a span goes through the first, then the second, … then to the
 * queue), as one pipeline option; undefined when no part has a stage.
 */
export function stageChain(parts: readonly PipelinePart[]): ((next: (span: ReadableSpan) => void) => ExportStage) | undefined {
  const makers = parts.flatMap((part) => (part.stage === undefined ? [] : [part.stage.bind(part)]));
  if (makers.length === 0) return undefined;
  if (makers.length === 1) return makers[0];
  return (next) => {
    const stages: ExportStage[] = [];
    let onward = next;
    for (const make of [...makers].reverse()) {
      const stage = make(onward);
      stages.unshift(stage);
      onward = (span) => stage.push(span);
    }
    return {
      push: (span) => stages[0]!.push(span),
      get busy() {
        return stages.some((stage) => stage.busy);
      },
      async idle(timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        let idle = true;
        for (const stage of stages) idle = (await stage.idle(Math.max(1, deadline - Date.now()))) && idle;
        return idle;
      },
    };
  };
}
