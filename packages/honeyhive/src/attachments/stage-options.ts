/**
 * The store and the stage settings a tracer's pipeline gets from its resolved config (the choice of store:
 * `store-choice.ts`).
 */
import type { AttachmentStore } from "../config/attachments-option";
import type { AttachmentStageOptions } from "./attachment-stage";
import { placeholderStore } from "./attachment-store";
import { devServerStore, presignStore } from "./http-stores";
import { type StoreSettings, storeChoiceOf } from "./store-choice";

/** The store a tracer (or a dataset push) with these settings sends attachment bytes to and reads them from. */
export function chosenStore(config: StoreSettings): AttachmentStore {
  const choice = storeChoiceOf(config);
  if (choice.kind === "custom") return choice.store;
  if (choice.kind === "presign") return presignStore(choice.presign, choice.presignGet);
  return choice.kind === "dev-server" ? devServerStore(choice.serverUrl, choice.uploadKey, choice.readKey) : placeholderStore;
}

/** The stage settings, or undefined when the option turned extraction off. */
export function attachmentStageOptions(config: StoreSettings): AttachmentStageOptions | undefined {
  const a = config.attachments;
  if (!a.enabled) return undefined;
  return { thresholdBytes: a.thresholdBytes, maxBytes: a.maxBytes, store: chosenStore(config) };
}
