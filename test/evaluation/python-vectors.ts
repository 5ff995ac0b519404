import { readFileSync } from "node:fs";

/** One vector produced by CPython (see fixtures/README.md). */
export interface ExtIdVector {
  kind: "dataset" | "datapoint";
  index: number | null;
  value: unknown;
  dumps: string;
  id: string;
}

const SENTINEL = "\u0000py-number:";

/** Parses JSON that may contain Python's NaN/Infinity/-Infinity tokens (outside strings). */
export function parsePythonJson(text: string): unknown {
  const replaced = text.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g, (token) =>
    token.startsWith('"') ? token : JSON.stringify(`${SENTINEL}${token}`),
  );
  return JSON.parse(replaced, (_key, value: unknown) =>
    typeof value === "string" && value.startsWith(SENTINEL) ? Number(value.slice(SENTINEL.length)) : value,
  );
}

/** The committed CPython vectors. */
export function loadExtIdVectors(): ExtIdVector[] {
  const text = readFileSync(new URL("./fixtures/ext-id-vectors.json", import.meta.url), "utf8");
  return (parsePythonJson(text) as { vectors: ExtIdVector[] }).vectors;
}
