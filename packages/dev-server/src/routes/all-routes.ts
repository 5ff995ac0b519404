/** Every API route of the dev server, in one list. */
import type { ApiRoute } from "./route-context";
import { datapointBatchRoutes } from "./datapoints-batch";
import { attachmentRoutes } from "./attachments";
import { configurationRoutes } from "./configurations";
import { datapointRoutes } from "./datapoints";
import { datasetRoutes } from "./datasets";
import { eventQueryRoutes } from "./events-query";
import { eventRoutes } from "./events";
import { metricRoutes } from "./metrics";
import { metricVersionRoutes } from "./metric-versions";
import { chartRoutes } from "./charts";
import { projectRoutes } from "./projects";
import { queueRoutes } from "./queues";
import { toolRoutes } from "./tools";
import { otlpRoutes } from "./otlp";
import { runResultRoutes } from "./run-results";
import { runRoutes } from "./runs";
import { schemaRoutes } from "./schemas";
import { sessionRoutes } from "./sessions";

/** All API routes (each is reachable with and without the `/v1` prefix). */
export const apiRoutes: readonly ApiRoute[] = [
  ...otlpRoutes,
  ...sessionRoutes,
  ...eventRoutes,
  ...eventQueryRoutes,
  ...runRoutes,
  ...schemaRoutes,
  ...runResultRoutes,
  ...datasetRoutes,
  ...datapointRoutes,
  ...datapointBatchRoutes,
  ...metricRoutes,
  ...metricVersionRoutes,
  ...chartRoutes,
  ...queueRoutes,
  ...toolRoutes,
  ...projectRoutes,
  ...attachmentRoutes,
  ...configurationRoutes,
];
