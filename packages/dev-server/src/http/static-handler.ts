import type { IncomingMessage, ServerResponse } from "node:http";

/** Serves non-API requests (e.g. `GET /`, `/assets/*`); resolves true when it handled the request. */
export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
