/** Wire shape of a dataset's handles as code on the viewer's dataset page (shared by the server view and the client). */

/** The handles a program names a dataset by: its id, its content version and its splits. */
export interface DatasetHandles {
  /** The id `evaluate({ datasetId })` takes. */
  dataset_id: string;
  /**
   * The content version (`dsv-…`, what `datasetVersion()`, `pullDataset` and `honeyhive datasets diff` report and
   * `evaluate({ datasetVersion })` pins): of the stored datapoints, or for an offline dataset the one its latest run
   * recorded; null when there is none.
   */
  version: string | null;
  /** Where the version comes from. */
  version_source: "content" | "run" | null;
  /** Each split with its datapoint count, by name. */
  splits: { name: string; datapoints: number }[];
  /** Datapoints without a split. */
  unsplit: number;
}
