import { hexOfBytes } from "@honeyhive/core/ids/random";
import { runtime } from "../runtime/platform";
import { nodeOnlyMessage } from "../runtime/runtime";

/**
 * The run id of one experiment under `--run-id KEY`: a name-based UUID (version 5 layout, SHA-1) of the
 * key and the experiment's name. Every shard of a CI matrix given the same key (e.g. the CI run number)
 * computes the same id, and two experiments in the same files never share a run. Pure; Node only (SHA-1).
 */
export function deriveRunId(key: string, experimentName: string | undefined): string {
  const node = runtime.node;
  if (!node) throw new Error(nodeOnlyMessage("a derived run id (--run-id / HH_RUN_ID)", runtime.host));
  const bytes = node.sha1(`honeyhive-eval-run\u0000${key}\u0000${experimentName ?? ""}`).subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = hexOfBytes(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
