// Datasets as code: the rows live in the repository, `pushDataset` makes the HoneyHive dataset hold exactly them
// (pushing again writes nothing), and an experiment pinned to the content version refuses a dataset that drifted.
import { localBackend } from "./support/local-backend"; // first: starts a local server and points HH_API_URL/HH_API_KEY at it
import { HoneyHive, datasetVersion, diffDataset, evaluate, pullDataset, pushDataset } from "honeyhive";

const client = new HoneyHive(); // HH_API_KEY, HH_API_URL
const rows = [
  { qid: "q1", inputs: { question: "2+2?" }, ground_truth: { answer: "4" } },
  { qid: "q2", inputs: { question: "3+3?" }, ground_truth: { answer: "6" } },
  { qid: "q3", inputs: { question: "capital of France?" }, ground_truth: { answer: "Paris" }, metadata: { split: "test" } },
];

const first = await pushDataset(client, "qa", rows, { key: "qid", mode: "replace" });
const again = await pushDataset(client, "qa", rows, { key: "qid", mode: "replace" });
console.log(`first push: ${first.added.length} added; second push: ${again.added.length + again.changed.length + again.removed.length} writes`);

const { lock } = await pullDataset(client, "qa", { key: "qid" });
console.log(`version ${lock.version} (computed locally: ${datasetVersion(rows, { key: "qid" })})`);

const answer = async (inputs: { question: string }): Promise<string> => (inputs.question.startsWith("2+2") ? "4" : "6");
const pinned = await evaluate({ name: "qa-pinned", datasetId: first.datasetId, datasetVersion: lock, function: answer });
console.log(`pinned run ${pinned.runId}: ${pinned.passed.length + pinned.failed.length} datapoints`);

// One row edited and one removed in the repository: the server still holds the old content until the next push.
const edited = [{ ...rows[0]!, ground_truth: { answer: "four" } }, rows[1]!];
const diff = await diffDataset(client, "qa", edited, { key: "qid" });
console.log(`diff: ${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed`);
await pushDataset(client, "qa", edited, { key: "qid", mode: "replace" });
const refused = await evaluate({ datasetId: first.datasetId, datasetVersion: lock, function: answer }).then(
  () => "ran",
  (error: Error) => error.message,
);
console.log(`pinned to the old version after the push: ${refused}`);

if (again.added.length + again.changed.length + again.removed.length !== 0) throw new Error("an unchanged push wrote");
if (lock.version !== datasetVersion(rows, { key: "qid" })) throw new Error("versions disagree");
if (diff.changed.length !== 1 || diff.removed.length !== 1 || refused === "ran") throw new Error("drift was not caught");
await localBackend.report();
