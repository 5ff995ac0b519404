import { entriesOfItems } from "./dataset-entry";
import type { ItemPythonForm } from "./item-python-form";
import { contentOfEntries, type DatasetContent } from "./dataset-version";

/**
 * The content version of an inline dataset or dataset file for its run's `metadata.dataset_version`: undefined when
 * the items have none (a ground truth that is not an object, two rows with the same id), which never stops a run.
 */
export function inlineContent(items: readonly unknown[], key?: string, forms?: readonly ItemPythonForm[]): DatasetContent | undefined {
  try {
    return contentOfEntries(entriesOfItems(items, key, forms));
  } catch {
    return undefined;
  }
}
