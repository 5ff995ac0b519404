/**
 * Metric versions (`/v1/metrics/{id}/versions`): snapshots of a metric's definition, listed oldest first, at most one
 * of them deployed (the live one). A metric's versions are kept together in one record (kind `metric_versions`, id =
 * the metric's id), so that a new version and a deploy change them in one transaction.
 *
 * A version is `{name, full_sha, message, date, deployed, content}`: `full_sha` is the SHA-1 of the metric id, the
 * version's position, its content and message (40 hex digits, as a commit's); `name` its first 8 digits, longer when
 * another version of the metric already has that name. `content` is a metric definition with the spec's defaults.
 */
import { createHash } from "node:crypto";
import type { JsonObject } from "../domain/json";
import { invalid } from "../domain/validation-error";
import { flag, object, readFields, text } from "./group-fields";
import { metricDefinition } from "./metric-model";

/** One stored version. */
export interface MetricVersion {
  name: string;
  full_sha: string;
  message: string;
  date: string;
  deployed: boolean;
  content: JsonObject;
}

/** Most versions one metric keeps: a create beyond it is a 400. */
export const MAX_VERSIONS = 1000;

/** A checked `POST /v1/metrics/{id}/versions` body. */
export interface VersionRequest {
  message: string;
  content: JsonObject;
  deployImmediately: boolean;
}

/** The body of a version create: `{message, content, deploy_immediately?}`; an LLM definition names its model. */
export function versionRequestFromBody(body: JsonObject): VersionRequest {
  const fields = readFields(body, { message: text(10_000), content: object(), deploy_immediately: flag }, ["message", "content"], "a metric version");
  const content = metricDefinition(fields.content as JsonObject, "a metric version's content");
  if (content.type === "LLM" && (typeof content.model_provider !== "string" || typeof content.model_name !== "string")) {
    throw invalid(`a metric version's content: an LLM metric needs "model_provider" and "model_name"`);
  }
  return { message: fields.message as string, content, deployImmediately: fields.deploy_immediately === true };
}

/** The versions a `metric_versions` record holds (none for a metric without versions). */
export function versionsOf(record: JsonObject | undefined): MetricVersion[] {
  return Array.isArray(record?.versions) ? (record.versions as MetricVersion[]) : [];
}

/** A new version of `metricId` after `existing` (not deployed yet). */
export function newVersion(metricId: string, existing: readonly MetricVersion[], request: VersionRequest, date: string): MetricVersion {
  if (existing.length >= MAX_VERSIONS) throw invalid(`a metric keeps at most ${MAX_VERSIONS} versions`);
  const fullSha = createHash("sha1").update(JSON.stringify([metricId, existing.length, request.content, request.message])).digest("hex");
  const taken = new Set(existing.map((v) => v.name));
  let length = 8;
  while (length < fullSha.length && taken.has(fullSha.slice(0, length))) length += 2;
  return { name: fullSha.slice(0, length), full_sha: fullSha, message: request.message, date, deployed: false, content: request.content };
}

/** `versions` with `name` deployed and every other version not. */
export function withDeployed(versions: readonly MetricVersion[], name: string): MetricVersion[] {
  return versions.map((v) => ({ ...v, deployed: v.name === name }));
}
