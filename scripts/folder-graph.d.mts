/** A package of the folder check: its name, its source root (with a trailing slash) and its layers of folders. */
export interface LayeredPackage {
  readonly name: string;
  readonly root: string;
  readonly layers: readonly (readonly string[])[];
}

/** A module as dependency-cruiser's JSON output lists it (the fields the check reads). */
export interface CruisedModule {
  readonly source: string;
  readonly dependencies?: readonly { readonly resolved?: string; readonly dependencyTypes?: readonly string[]; readonly dynamic?: boolean }[];
}

/** The pseudo-folder of a package's files outside any folder. */
export declare const ROOT_FILES: string;
/** The top-level folder of `path` in `pkg`; undefined outside it. */
export declare function folderOf(path: string, pkg: LayeredPackage): string | undefined;
/** Imports between different folders of `pkg`: from folder → to folder → the file imports. */
export declare function folderImports(modules: readonly CruisedModule[], pkg: LayeredPackage): Map<string, Map<string, string[]>>;
/** Groups of folders that import each other (strongly connected, more than one folder). */
export declare function folderCycles(graph: Map<string, Map<string, string[]>>): string[][];
/** Every problem of `pkg` as report lines (layer table, folder cycles, imports of the root files). */
export declare function folderProblems(modules: readonly CruisedModule[], pkg: LayeredPackage, foldersOnDisk: readonly string[]): string[];
