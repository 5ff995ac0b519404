/** What the `honeyhive` entry point exports for datasets as code: content versions, push, pull, diff, locks, events added. */
export { datasetVersion, type DatasetDiff } from "./dataset-version";
export { pushDataset, type DatasetPushResult, type DatasetClient, type DatasetSource } from "./push-dataset";
export { pullDataset, diffDataset, type PulledDataset, type DatasetComparison } from "./pull-dataset";
export type { DatasetSyncOptions } from "./dataset-sync-options";
export { DatasetPushError, type DatasetWriteFailure, type DatasetWriteAction, type AcknowledgedWrites } from "./dataset-push-error";
export type { DatasetLock } from "./dataset-lock";
export { addFromEvents, addEvent, type AddFromEventsOptions, type AddedDatapoints } from "./add-from-events";
