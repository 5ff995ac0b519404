import { describe, expect, it } from "vitest";
import { externalDatapointId, externalDatasetId } from "../../packages/honeyhive/src/datasets/ext-ids";
import { loadExtIdVectors } from "./python-vectors";

describe("EXT ids equal CPython's (fixtures/ext-id-vectors.json)", () => {
  const vectors = loadExtIdVectors();
  it("has vectors of both kinds", () => {
    expect(vectors.filter((v) => v.kind === "dataset").length).toBeGreaterThan(2);
    expect(vectors.filter((v) => v.kind === "datapoint").length).toBeGreaterThan(8);
  });
  it.each(vectors.map((v, i) => [i, v.kind, v] as const))("vector %i (%s)", (_i, kind, vector) => {
    const id = kind === "dataset" ? externalDatasetId(vector.value as unknown[]) : externalDatapointId(vector.value, vector.index ?? 0);
    expect(id).toBe(vector.id);
  });
});

describe("custom ids", () => {
  it("prefixes custom ids once, as the Python SDK does", () => {
    expect(externalDatasetId([], "my-dataset")).toBe("EXT-my-dataset");
    expect(externalDatasetId([], "EXT-x")).toBe("EXT-x");
    expect(externalDatapointId({}, 0, "dp-1")).toBe("EXT-dp-1");
  });
  it("depends on the index", () => {
    expect(externalDatapointId({ inputs: {} }, 0)).not.toBe(externalDatapointId({ inputs: {} }, 1));
  });
});
