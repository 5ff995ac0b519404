/**
 * The attachments functions `import "honeyhive"` exports that load their code on first call (`resolve-attachment.ts`:
 * decoding, hashing, the stores' reads), in the caller's OpenTelemetry context.
 */
import { noteInternalError } from "../internal/guard";
import { callOnDemand, onDemand } from "../seam/on-demand";
import type * as ResolveAttachment from "./resolve-attachment";

const loadResolve = onDemand(() => import("./resolve-attachment"));

/**
 * The bytes of an attachment value: a reference part or URI (read back from the tracer's store and checked against its
 * hash), a data URI or bare base64; undefined when they cannot be had. Never rejects.
 */
export const resolveAttachment: typeof ResolveAttachment.resolveAttachment = (value, options) =>
  callOnDemand(loadResolve, (module) => module.resolveAttachment(value, options)).catch((error: unknown) => {
    noteInternalError(error); // its code could not be loaded
    return undefined;
  });
