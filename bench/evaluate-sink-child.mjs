// Child process of bench/evaluate.bench.mjs: runs the loopback sink so its CPU is not counted as the SDK's.
import { startSink } from "./sink.mjs";

const sink = await startSink();
process.send({ url: sink.url });
process.on("message", (m) => {
  if (m === "stats") process.send({ stats: sink.stats });
});
process.on("disconnect", () => void sink.close().then(() => process.exit(0)));
