/** One inline dataset item. `ground_truths` (old TS SDK) is accepted as `ground_truth`. */
export interface DatasetItem<I = Record<string, unknown>, G = unknown> {
  inputs: I;
  ground_truth?: G;
  ground_truths?: G;
  id?: string;
  datapoint_id?: string;
  metadata?: Record<string, unknown>;
}
