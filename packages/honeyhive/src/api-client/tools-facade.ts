/**
 * The `HoneyHive` class's `tools` group with the 1.x client's names and argument forms: `getTools()`,
 * `createTool({ task, name, parameters, type })`, `updateTool({ id, name, parameters })`, `deleteTool(functionId)`.
 */
import { snakeKeys } from "./case-keys";
import type { ApiClient } from "./create-api-client";
import { unwrap, unwrapList } from "./facade-helpers";
import type { CreateToolRequest, Tool, UpdateToolRequest } from "./group-types";
import type { JsonObject } from "./types";

/** The `tools` group of {@link HoneyHive}. */
export interface ToolsGroup {
  /** The tools, with 1.x's camelCase names (`toolType`) beside the wire's. */
  getTools(): Promise<Tool[]>;
  /** Creates a tool: `{ task, name, description?, parameters, type }` (1.x; `task`, its project, is not used). → `{ result: { insertedId } }`. */
  createTool(body: CreateToolRequest): Promise<JsonObject>;
  /** Updates a tool: `{ id, name, description?, parameters }`. */
  updateTool(body: UpdateToolRequest): Promise<JsonObject>;
  /** Deletes a tool (1.x's `deleteTool(functionId)`). */
  deleteTool(toolId: string): Promise<JsonObject>;
}

/** Builds the `tools` group on a client. */
export function toolsGroup(api: ApiClient): ToolsGroup {
  return {
    getTools: async () => unwrapList<Tool>(await api.tools.list()),
    createTool: async (body) => unwrap(await api.tools.create(snakeKeys(body)), ["result"]),
    updateTool: async (body) => unwrap(await api.tools.update(snakeKeys(body))),
    deleteTool: async (toolId) => unwrap(await api.tools.delete(toolId)),
  };
}
