/**
 * What the `honeyhive` entry point exports for datasets as code: content versions, push, pull, diff, locks, events
 * added (push, pull, diff and the events load their code on first call: `lazy-api.ts`).
 */
export { datasetVersion, type DatasetDiff } from "./dataset-version";
export { pushDataset, pullDataset, diffDataset, addFromEvents, addEvent } from "./lazy-api";
export type { DatasetPushResult, DatasetClient, DatasetSource } from "./push-dataset";
export type { PulledDataset, DatasetComparison } from "./pull-dataset";
export type { DatasetSyncOptions } from "./dataset-sync-options";
export { DatasetPushError, type DatasetWriteFailure, type DatasetWriteAction, type AcknowledgedWrites } from "./dataset-push-error";
export type { DatasetLock } from "./dataset-lock";
export type { AddFromEventsOptions, AddedDatapoints } from "./add-from-events";
