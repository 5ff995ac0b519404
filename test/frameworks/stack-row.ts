/**
 * One row of the framework table: what a stack's routing test measured, written to `test/frameworks/.results/`
 * so `scripts/test-frameworks.mjs` can print the table (pinned lane and latest lane alike).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { HoneyHiveEvent } from "../../packages/honeyhive/src/api-client/types";
import { type StackReport, callOf } from "../routing/evaluate-stack";

/** Where rows go: `HH_FRAMEWORKS_RESULTS` (set by scripts/test-frameworks.mjs per Node version), else `.results/`. */
const RESULTS_DIR = process.env.HH_FRAMEWORKS_RESULTS ?? join(dirname(fileURLToPath(import.meta.url)), ".results");

/** The figures of one stack. */
export interface StackRow {
  stack: string;
  /** Installed versions of the stack's own dependencies (read from its node_modules). */
  versions: Record<string, string>;
  expected: number;
  modelEvents: number;
  misrouted: number;
  doubleCounted: number;
  lost: number;
  /** Model and tool events that carry both inputs and outputs / all model and tool events. */
  withInputsOutputs: string;
  /** Model events with a token count / model events. */
  withTokens: string;
  /** Model events with a token count and a cost (`metadata.cost`) / model events with a token count. */
  priced: string;
  /** Model events that name their provider (`config.provider`) / model events (absent in rows of older runs). */
  withProvider?: string;
  /**
   * Model events of streamed calls with a time to first token (`metadata.time_to_first_token`) / model events of
   * streamed calls (the calls of the tags the stack streams); absent when the stack did not say which it streams.
   */
  firstToken?: string;
  /** The Node version the stack ran on (`process.versions.node`). */
  node: string;
  /** Models of the model events that have tokens but no cost (`metadata.cost`): the calls the price table does not know. */
  unpricedModels: string[];
  problems: string[];
}

function nonEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return value !== "";
}

/**
 * True when an event has its inputs and its outcome: outputs, or the error a failed call ends with (a call that
 * failed has no output to record).
 */
export function hasInputsAndOutcome(event: { inputs?: unknown; outputs?: unknown; error?: unknown }): boolean {
  return nonEmpty(event.inputs) && (nonEmpty(event.outputs) || nonEmpty(event.error));
}

function hasTokens(event: HoneyHiveEvent): boolean {
  const m = (event.metadata ?? {}) as Record<string, unknown>;
  return typeof m.total_tokens === "number" || typeof m.prompt_tokens === "number" || typeof m.completion_tokens === "number";
}

function hasCost(event: HoneyHiveEvent): boolean {
  const cost = (event.metadata as Record<string, unknown> | undefined)?.cost;
  return typeof cost === "number" && Number.isFinite(cost);
}

/** The models (`config.model`, else "unknown model") of model events with tokens and no cost, each once, sorted. */
export function unpricedModels(models: readonly HoneyHiveEvent[]): string[] {
  const names = new Set<string>();
  for (const event of models) {
    if (!hasTokens(event) || hasCost(event)) continue;
    const model = (event.config as Record<string, unknown> | undefined)?.model;
    names.add(typeof model === "string" && model.trim() !== "" ? model.trim() : "unknown model");
  }
  return [...names].sort();
}

/** Installed versions of the dependencies named in the stack's package.json. */
export function installedVersions(stackDir: string): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(stackDir, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  const versions: Record<string, string> = {};
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    try {
      versions[name] = (JSON.parse(readFileSync(join(stackDir, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
    } catch {
      versions[name] = "not installed";
    }
  }
  return versions;
}

function hasProvider(event: HoneyHiveEvent): boolean {
  const provider = (event.config as Record<string, unknown> | undefined)?.provider;
  return typeof provider === "string" && provider.trim() !== "";
}

function hasFirstToken(event: HoneyHiveEvent): boolean {
  const ttft = (event.metadata as Record<string, unknown> | undefined)?.time_to_first_token;
  return typeof ttft === "number" && Number.isFinite(ttft) && ttft >= 0;
}

/** What a stack's calls are, beyond what the report counts: the tags of its streamed calls (`b`). */
export interface StackCallShape {
  streamedTags?: readonly string[];
}

/** Builds the row of a stack's report (events of every datapoint's session). */
export function stackRow(stack: string, stackDir: string, report: StackReport, shape: StackCallShape = {}): StackRow {
  const events = report.eventsByDatapoint.flat();
  const models = events.filter((e) => e.event_type === "model");
  const streamed = shape.streamedTags === undefined ? undefined : models.filter((e) => shape.streamedTags!.includes(callOf(e)?.tag ?? ""));
  const modelsAndTools = events.filter((e) => e.event_type === "model" || e.event_type === "tool");
  const withIo = modelsAndTools.filter(hasInputsAndOutcome).length;
  const withTokens = models.filter(hasTokens);
  return {
    stack, versions: installedVersions(stackDir), expected: report.expected, modelEvents: report.arrived, misrouted: report.misrouted,
    doubleCounted: report.doubleCounted, lost: report.lost, withInputsOutputs: `${withIo}/${modelsAndTools.length}`,
    withTokens: `${withTokens.length}/${models.length}`, priced: `${withTokens.filter(hasCost).length}/${withTokens.length}`,
    withProvider: `${models.filter(hasProvider).length}/${models.length}`,
    ...(streamed === undefined ? {} : { firstToken: `${streamed.filter(hasFirstToken).length}/${streamed.length}` }),
    node: process.versions.node, unpricedModels: unpricedModels(models),
    problems: report.problems,
  };
}

/** Writes the row for the table printed by `npm run test:frameworks`. */
export function recordStackRow(row: StackRow): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${row.stack}.json`), `${JSON.stringify(row, null, 2)}\n`);
}
