// Attachments in datasets as code, against the real dev server behind the spec-checking proxy: a pushed row's image
// (an attachment() value) and bytes are uploaded to the dev server's store and kept in the datapoint by reference, so
// the datapoint stays small, the content version is stable and a second push writes nothing; pulled rows keep the
// references; evaluate() on the dataset gives the traced function and the evaluator the reference, which
// resolveAttachment turns back into the bytes.
import { beforeAll, describe, expect, it } from "vitest";
import { inStrictMode } from "../helpers/option-rule";
import { HoneyHive } from "../../packages/honeyhive/src/facade/honeyhive";
import { attachment } from "../../packages/honeyhive/src/attachments/attachment";
import { resolveAttachment } from "../../packages/honeyhive/src/attachments/resolve-attachment";
import { diffDataset, pullDataset } from "../../packages/honeyhive/src/datasets/pull-dataset";
import { pushDataset } from "../../packages/honeyhive/src/datasets/push-dataset";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { attachmentHash } from "../../packages/core/src/attachments/reference";
import type { AttachmentReference } from "../../packages/core/src/attachments/reference";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { startLoopbackS3 } from "../helpers/loopback-s3";
import { padded, png, sha256 } from "../attachments/fixtures";

const KEY = "hh_datasets_attachments_key";
const checked = useCheckedDevServer();
let client: HoneyHive;
beforeAll(() => {
  client = new HoneyHive({ apiKey: KEY, serverUrl: checked.proxy.url });
});

const image = png(120, 90, 31); // about 32 KB
const pdf = padded("%PDF-1.7\n", 40_000, 5);

function rows() {
  return [
    { qid: "img", inputs: { question: "What is shown?", image: attachment(image, { mimeType: "image/png", name: "chart.png" }) }, ground_truth: { answer: "noise" } },
    { qid: "doc", inputs: { question: "Summarize." }, ground_truth: { source: new Uint8Array(pdf) } },
  ];
}

function imageRef() {
  return { type: "uri", uri: `hh-attachment://sha256/${sha256(image)}`, mime_type: "image/png", modality: "image", size: image.length, name: "chart.png" };
}

/** The writes (not reads) the server received since `from`, as "METHOD path". */
function writesSince(from: number): string[] {
  return checked.proxy.requests.slice(from).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.url.split("?")[0]!.replace(/[0-9a-f]{64}$/, ":hex").replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, ":id")}`);
}

async function storedBytes(hex: string): Promise<Buffer> {
  const res = await fetch(`${checked.server.url}/v1/attachments/sha256/${hex}`, { headers: { authorization: `Bearer ${KEY}` } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe("datasets with attachments", () => {
  it("an attachment() under the 16 KiB threshold is stored by reference too; a plain small data URI stays as it is", async () => {
    const icon = png(3, 3, 61);
    const plain = `data:image/png;base64,${png(2, 2, 62).toString("base64")}`;
    await pushDataset(client, "small-icons", [{ qid: "icon", inputs: { icon: attachment(icon, { mimeType: "image/png", name: "icon.png" }), plain } }], { key: "qid" });
    const stored = (await client.api.datapoints.list({ datasetName: "small-icons" })) as { data: { datapoints: Array<{ inputs: Record<string, unknown> }> } };
    expect(stored.data.datapoints.map((d) => d.inputs)).toEqual([{
      icon: { type: "uri", uri: `hh-attachment://sha256/${sha256(icon)}`, mime_type: "image/png", modality: "image", size: icon.length, name: "icon.png" }, plain,
    }]);
    expect((await storedBytes(sha256(icon))).equals(icon)).toBe(true);
  });

  it("push uploads each attachment once and keeps a reference; the version is stable; a second push writes nothing", async () => {
    let mark = checked.proxy.requests.length;
    const first = await pushDataset(client, "vision-qa", rows(), { key: "qid" });
    expect(writesSince(mark).sort()).toEqual(["POST /v1/datasets", "POST /v1/datasets/:id/datapoints", "PUT /v1/attachments/sha256/:hex", "PUT /v1/attachments/sha256/:hex"]);
    expect((await storedBytes(sha256(image))).equals(image)).toBe(true);
    expect((await storedBytes(sha256(pdf))).equals(pdf)).toBe(true);

    const stored = (await client.api.datapoints.list({ datasetName: "vision-qa" })) as { ok: boolean; data: { datapoints: Array<Record<string, unknown>> } };
    expect(stored.ok).toBe(true);
    const byText = stored.data.datapoints.map((d) => JSON.stringify(d));
    expect(Math.max(...byText.map((t) => t.length))).toBeLessThan(2048);
    const img = stored.data.datapoints.find((d) => (d.inputs as { question?: string }).question === "What is shown?")!;
    expect((img.inputs as { image: unknown }).image).toEqual(imageRef());
    const doc = stored.data.datapoints.find((d) => (d.inputs as { question?: string }).question === "Summarize.")!;
    expect((doc.ground_truth as { source: unknown }).source).toEqual({ type: "uri", uri: `hh-attachment://sha256/${sha256(pdf)}`, mime_type: "application/pdf", modality: "document", size: pdf.length });

    mark = checked.proxy.requests.length;
    const again = await pushDataset(client, "vision-qa", rows(), { key: "qid" });
    expect(writesSince(mark)).toEqual([]);
    expect(again).toMatchObject({ added: [], changed: [], unchanged: 2, version: first.version });
    expect(await diffDataset(client, "vision-qa", rows(), { key: "qid" })).toMatchObject({ added: [], changed: [], removed: [], localVersion: first.version, remoteVersion: first.version });

    const pulled = await pullDataset(client, "vision-qa", { key: "qid" });
    expect(pulled.version).toBe(first.version);
    expect(pulled.items.find((i) => (i as { qid?: string }).qid === "img")!.inputs.image).toEqual(imageRef());
    expect(checked.proxy.violations()).toEqual([]);
  });

  it("evaluate() on the pushed dataset: the traced function and the evaluator resolve the image on demand", async () => {
    const pushed = await pushDataset(client, "vision-eval", rows().slice(0, 1), { key: "qid" });
    const seenByFunction: Array<{ size: number; mimeType: string; name?: string; same: boolean }> = [];
    const result = await evaluate({
      apiKey: KEY, serverUrl: checked.proxy.url, datasetId: pushed.datasetId, name: "vision", printResults: false, gitInfo: false,
      function: async (inputs: { image: unknown }) => {
        const got = await resolveAttachment(inputs.image);
        seenByFunction.push({ size: got!.size, mimeType: got!.mimeType, name: got!.name, same: Buffer.from(got!.bytes).equals(image) });
        return { width: got!.bytes[19] };
      },
      evaluators: [async function sees_png(_output: unknown, inputs: { image: unknown }) {
        const got = await resolveAttachment(inputs.image);
        return got !== undefined && got.mimeType === "image/png" && Buffer.from(got.bytes).equals(image);
      }],
    } as Parameters<typeof evaluate>[0]);
    expect(seenByFunction).toEqual([{ size: image.length, mimeType: "image/png", name: "chart.png", same: true }]);
    expect(result.datapoints.map((d) => [d.status, d.metrics.sees_png, d.evaluatorErrors])).toEqual([["success", true, {}]]);
  });
});

describe("evaluate() on local rows holding attachment() values", () => {
  it("the function and the evaluator get the data URI and resolve it; the datapoint's events (session too) keep a reference", async () => {
    const sizes: number[] = [];
    const result = await evaluate({
      apiKey: KEY, serverUrl: checked.proxy.url, dataset: rows().slice(0, 1), name: "vision-local", printResults: false, gitInfo: false,
      function: async (inputs: { image: string }) => {
        sizes.push((await resolveAttachment(inputs.image))!.size);
        return "ok";
      },
      evaluators: [async function named(_output: unknown, inputs: { image: string }) {
        return (await resolveAttachment(inputs.image))?.name === "chart.png";
      }],
    } as Parameters<typeof evaluate>[0]);
    expect(sizes).toEqual([image.length]);
    expect(result.datapoints.map((d) => d.metrics.named)).toEqual([true]);
    const res = await fetch(`${checked.server.url}/events/export`, { method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body: JSON.stringify({ project: "local", filters: [] }) });
    const events = ((await res.json()) as { events: Array<{ session_id: string; inputs: unknown }> }).events.filter((e) => e.session_id === result.sessionIds[0]);
    const session = events.find((e) => (e as { event_type?: string }).event_type === "session") as { inputs: { image?: unknown } } | undefined;
    expect(session?.inputs.image, "the session start's inputs keep the reference").toBe(`hh-attachment://sha256/${sha256(image)}`);
    const text = JSON.stringify(events);
    expect(text).toContain(`hh-attachment://sha256/${sha256(image)}`);
    expect(text).not.toContain(image.toString("base64").slice(0, 100));
  });
});

describe("resolveAttachment", () => {
  it("decodes a data URI (a local dataset's attachment() value) and returns bytes as they are", async () => {
    const got = await resolveAttachment(attachment(pdf, { name: "report.pdf" }));
    expect(got).toMatchObject({ mimeType: "application/pdf", size: pdf.length, name: "report.pdf" });
    expect(Buffer.from(got!.bytes).equals(pdf)).toBe(true);
    expect((await resolveAttachment(new Uint8Array(image)))?.mimeType).toBe("image/png");
  });

  it("is undefined, never a rejection, when the bytes cannot be had: no store that reads, a wrong hash, not an attachment", async () => {
    const ref = imageRef();
    expect(await resolveAttachment(ref, { store: { kind: "placeholder", keepsBytes: false, put: () => Promise.resolve() } })).toBeUndefined();
    expect(await resolveAttachment(ref, { store: { kind: "lying", put: () => Promise.resolve(), get: () => Promise.resolve(new Uint8Array(pdf)) } })).toBeUndefined();
    expect(await resolveAttachment(ref, { store: { kind: "down", put: () => Promise.resolve(), get: () => Promise.reject(new Error("unreachable")) } })).toBeUndefined();
    expect(await resolveAttachment("just text")).toBeUndefined();
    const fromStore = await resolveAttachment(ref.uri, { store: { kind: "memory", put: () => Promise.resolve(), get: () => Promise.resolve(new Uint8Array(image)) } });
    expect(fromStore?.size).toBe(image.length);
  });
});

describe("the attachments option of the dataset functions", () => {
  it("names the closest key of an unknown one (strict mode: an error); false pushes rows as they are", async () => {
    await inStrictMode(async () => {
      await expect(pushDataset(client, "vision-bad", rows(), { key: "qid", attachments: { tresholdBytes: 1 } as never })).rejects.toThrow(/option "attachments": unknown option "tresholdBytes" \(did you mean "thresholdBytes"\?\)/);
      await expect(pushDataset(client, "vision-bad", rows(), { key: "qid", attachmentz: false } as never)).rejects.toThrow(/did you mean "attachments"/);
    });
    await expect(pushDataset(client, "vision-bad", rows(), { key: "qid", attachments: { presignGet: () => "http://127.0.0.1:1/x" } })).rejects.toThrow(/"attachments.presignGet" goes with "attachments.presign"/);
    const big = [{ qid: "big", inputs: { image: new Uint8Array(image) } }];
    await expect(pushDataset(client, "vision-big", big, { key: "qid", attachments: { maxBytes: 20_000 } })).rejects.toThrow(/dataset\[0\] holds 1 attachment\(s\) over attachments.maxBytes \(19.5 KB\)/);
    await expect(pushDataset(client, "vision-big", [{ qid: "big", inputs: { image: attachment(image) } }], { key: "qid", attachments: { maxBytes: 20_000 } })).rejects.toThrow(/over attachments.maxBytes/);
    const inline = await pushDataset(client, "vision-inline", rows().slice(0, 1), { key: "qid", attachments: false });
    const pulled = await pullDataset(client, "vision-inline", { key: "qid" });
    expect(pulled.items[0]!.inputs.image).toBe(rows()[0]!.inputs.image);
    expect(inline.version).not.toBe((await diffDataset(client, "vision-inline", rows().slice(0, 1), { key: "qid" })).localVersion);
  });
});

describe("attachments in your own bucket (presign, presignGet)", () => {
  it("a push PUTs the bytes to the bucket; resolveAttachment reads them back through a presigned GET", async () => {
    const bucket = await startLoopbackS3();
    try {
      const objectKey = (ref: AttachmentReference) => `datasets/${attachmentHash(ref.uri)}`;
      const attachments = {
        presign: (ref: AttachmentReference) => bucket.presign("evals", objectKey(ref)),
        presignGet: (ref: AttachmentReference) => bucket.presign("evals", objectKey(ref), 300, new Date(), "GET"),
      };
      await pushDataset(client, "vision-bucket", rows().slice(0, 1), { key: "qid", attachments });
      expect([...bucket.objects.keys()]).toEqual([`evals/datasets/${sha256(image)}`]);
      const { items } = await pullDataset(client, "vision-bucket", { key: "qid" });
      const tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl: checked.proxy.url, logSink: () => undefined, attachments });
      try {
        const got = await resolveAttachment(items[0]!.inputs.image, { tracer });
        expect(got?.mimeType).toBe("image/png");
        expect(Buffer.from(got!.bytes).equals(image)).toBe(true);
        const { presign } = attachments;
        const withoutGet = new HoneyHiveTracer({ apiKey: KEY, serverUrl: checked.proxy.url, logSink: () => undefined, attachments: { presign } });
        expect(await resolveAttachment(items[0]!.inputs.image, { tracer: withoutGet })).toBeUndefined();
        await withoutGet.shutdown();
      } finally {
        await tracer.shutdown();
      }
      expect(bucket.refused).toBe(0);
    } finally {
      await bucket.close();
    }
  });
});
