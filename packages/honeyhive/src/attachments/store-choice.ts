/**
 * Which store a tracer (or a dataset push) with these settings sends attachment bytes to and reads them from: the store
 * the `attachments` option names, else (`auto`) the dev server's store when `serverUrl` is a loopback address (the dev
 * server binds to loopback; the HoneyHive cloud never is one) and the placeholder store otherwise. Pure: no store is
 * made here (`stage-options.ts` makes it), so the choice is known before the attachment code is loaded.
 */
import { isLoopbackUrl } from "@honeyhive/core/net/loopback";
import type { ResolvedTracerConfig } from "../config/resolve-config";
import type { AttachmentStore, PresignFunction } from "../config/attachments-option";
import { sendingKey } from "../config/api-keys";

/** The settings the choice reads: the option, the server, and the keys (uploads go with the ingestion key, when set). */
export type StoreSettings = Pick<ResolvedTracerConfig, "attachments" | "serverUrl" | "apiKey"> & { readonly ingestionApiKey?: string | undefined };

/** A store choice. */
export type StoreChoice =
  | { readonly kind: "custom"; readonly store: AttachmentStore }
  | { readonly kind: "presign"; readonly presign: PresignFunction; readonly presignGet: PresignFunction | undefined }
  | { readonly kind: "dev-server"; readonly serverUrl: string; readonly uploadKey: string; readonly readKey: string }
  | { readonly kind: "placeholder" };

/** The store these settings choose (see the module comment). */
export function storeChoiceOf(config: StoreSettings): StoreChoice {
  const choice = config.attachments.enabled ? config.attachments.store : "placeholder";
  if (typeof choice === "object") return "presign" in choice ? { kind: "presign", presign: choice.presign, presignGet: choice.presignGet } : { kind: "custom", store: choice };
  const devServer = choice === "dev-server" || (choice === "auto" && isLoopbackUrl(config.serverUrl));
  const upload = sendingKey(config);
  return devServer && upload !== undefined ? { kind: "dev-server", serverUrl: config.serverUrl, uploadKey: upload, readKey: config.apiKey ?? upload } : { kind: "placeholder" };
}

/** The `kind` of the store a choice makes (`diagnostics().attachments.store`). */
export function storeKindOf(choice: StoreChoice): string {
  return choice.kind === "custom" ? choice.store.kind : choice.kind;
}
