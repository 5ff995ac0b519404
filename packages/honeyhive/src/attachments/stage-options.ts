/**
 * The attachment stage a tracer's pipeline gets from its resolved config: the store the `attachments` option names,
 * else (`auto`) the dev server's store when `serverUrl` is a loopback address (the dev server binds to loopback; the
 * HoneyHive cloud never is one) and the placeholder store otherwise.
 */
import { isLoopbackUrl } from "@honeyhive/core/net/loopback";
import type { ResolvedTracerConfig } from "../config/resolve-config";
import type { AttachmentStore } from "../config/attachments-option";
import type { AttachmentStageOptions } from "./attachment-stage";
import { placeholderStore } from "./attachment-store";
import { devServerStore, presignStore } from "./http-stores";
import { sendingKey } from "../config/api-keys";

/** The settings a store is chosen by: the option, the server, and the keys (uploads go with the ingestion key, when set). */
type StoreSettings = Pick<ResolvedTracerConfig, "attachments" | "serverUrl" | "apiKey"> & { readonly ingestionApiKey?: string | undefined };

/** The store a tracer (or a dataset push) with these settings sends attachment bytes to and reads them from. */
export function chosenStore(config: StoreSettings): AttachmentStore {
  const choice = config.attachments.enabled ? config.attachments.store : "placeholder";
  if (typeof choice === "object") return "presign" in choice ? presignStore(choice.presign, choice.presignGet) : choice;
  const devServer = choice === "dev-server" || (choice === "auto" && isLoopbackUrl(config.serverUrl));
  const upload = sendingKey(config);
  return devServer && upload !== undefined ? devServerStore(config.serverUrl, upload, config.apiKey ?? upload) : placeholderStore;
}

/** The stage settings, or undefined when the option turned extraction off. */
export function attachmentStageOptions(config: StoreSettings): AttachmentStageOptions | undefined {
  const a = config.attachments;
  if (!a.enabled) return undefined;
  return { thresholdBytes: a.thresholdBytes, maxBytes: a.maxBytes, store: chosenStore(config) };
}
