/**
 * The `HoneyHive` class's `projects` group with the 1.x client's names and argument forms: `getProjects(name?)`,
 * `createProject({ name, description })`, `updateProject({ projectId, name, description })`, `deleteProject(name)`.
 */
import { snakeKeys } from "./case-keys";
import type { ApiClient } from "./create-api-client";
import { unwrap, unwrapList } from "./facade-helpers";
import type { Project, UpdateProjectRequest } from "./group-types";
import type { JsonObject } from "./types";

/** 1.x's update: the project named by `projectId`, its new `name` and `description`. */
export interface LegacyUpdateProjectRequest {
  projectId: string;
  name?: string;
  description?: string;
}

/** The wire's update from 1.x's (`projectId` names it, `name` is the new name) or the wire's own form. */
function wireUpdate(body: LegacyUpdateProjectRequest | UpdateProjectRequest): UpdateProjectRequest {
  if (!("projectId" in body)) return snakeKeys(body as UpdateProjectRequest);
  const out: UpdateProjectRequest = { project_id: body.projectId };
  if (body.name !== undefined) out.new_name = body.name;
  if (body.description !== undefined) out.description = body.description;
  return out;
}

/** The `projects` group of {@link HoneyHive}. */
export interface ProjectsGroup {
  /** The projects, or only the one named `name`. */
  getProjects(name?: string): Promise<Project[]>;
  /** Creates a project: `{ name, description? }` (1.x) → the project. */
  createProject(body: { name: string; description?: string; type?: "evaluation" | "completion" }): Promise<Project>;
  /** 1.x's `updateProject({ projectId, name, description })`, or the wire's `{ name, new_name, description }`. */
  updateProject(body: LegacyUpdateProjectRequest | UpdateProjectRequest): Promise<JsonObject>;
  /** Deletes the project named `name` (HoneyHive and the dev server refuse deleting the key's own project). */
  deleteProject(name: string): Promise<JsonObject>;
}

/** Builds the `projects` group on a client. */
export function projectsGroup(api: ApiClient): ProjectsGroup {
  return {
    getProjects: async (name) => unwrapList<Project>(await api.projects.list(name === undefined ? {} : { name })),
    createProject: async (body) => unwrap(await api.projects.create(body)),
    updateProject: async (body) => unwrap(await api.projects.update(wireUpdate(body))),
    deleteProject: async (name) => unwrap(await api.projects.delete(name)),
  };
}
