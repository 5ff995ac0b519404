// The attachment stage's gate on the hot path (decision record 0056): the cost per span without a payload of
// AttachmentStage.push, before any attachment() value was made (one length comparison per string attribute) and after
// (strings under the threshold are also searched for attachment()'s explicit parameter). The span has the string
// attributes of a traced call (inputs, outputs, names, ids): 11 strings, about 6.5 KB in all. Prints nanoseconds per
// span, median of 9 rounds of 200,000 spans each, and the load average while it ran.
// Run: npx tsx bench/attachment-gate.mjs
import { loadavg } from "node:os";
import { AttachmentStage } from "../packages/honeyhive/src/attachments/attachment-stage.ts";
import { attachment } from "../packages/honeyhive/src/attachments/attachment.ts";
import { placeholderStore } from "../packages/honeyhive/src/attachments/attachment-store.ts";

const attributes = { "honeyhive_event_type": "tool", "honeyhive.session_id": "7c1f4a1e-0d1b-4d8e-9a65-2f4b1f0c9e11" };
for (let i = 0; i < 8; i++) attributes[`honeyhive_inputs.k${i}`] = "some text value ".repeat(4 + i * 10);
attributes["honeyhive_outputs.result"] = JSON.stringify({ answer: "x".repeat(1500), sources: [1, 2, 3] });
const span = { attributes };
let handed = 0;
const stage = new AttachmentStage({ thresholdBytes: 16 * 1024, maxBytes: 32 * 1024 * 1024, store: placeholderStore }, () => void handed++);

function nsPerSpan(rounds = 9, spans = 200_000) {
  const results = [];
  for (let r = 0; r < rounds; r++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < spans; i++) stage.push(span);
    results.push(Number(process.hrtime.bigint() - started) / spans);
  }
  return results.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

nsPerSpan(3); // warm up
const before = nsPerSpan();
attachment(new Uint8Array(16), { mimeType: "image/png" });
const after = nsPerSpan();
const stringBytes = Object.values(attributes).reduce((n, v) => n + v.length, 0);
console.log(JSON.stringify({ stringBytes, nsPerSpanBeforeAttachment: +before.toFixed(1), nsPerSpanAfterAttachment: +after.toFixed(1), handed, loadAverage: +loadavg()[0].toFixed(1) }));
