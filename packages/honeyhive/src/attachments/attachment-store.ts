/**
 * Where extracted bytes go: the {@link AttachmentStore} interface (defined with the option that takes one) and the
 * placeholder store. A store is called only from the upload queue (`upload-queue.ts`), never on the request path.
 */
import type { AttachmentStore } from "../config/attachments-option";

export type { AttachmentStore };

/** The store that keeps no bytes: spans keep references and the placeholder text only. */
export const placeholderStore: AttachmentStore = Object.freeze({
  kind: "placeholder",
  keepsBytes: false,
  put: () => Promise.resolve(),
});
