// The folder check of `npm run lint` (scripts/check-layers.mjs), as pure functions over dependency-cruiser's modules:
// every top-level folder of a package is in exactly one layer of scripts/folder-layers.cjs, no two folders import
// each other (a cycle of any length, within one layer or across layers, type-only and dynamic imports counted), and no
// folder imports the package's root files (its entry points and composition root, above every layer).

/** The pseudo-folder of a package's files outside any folder. */
export const ROOT_FILES = "(root files)";

/** The top-level folder of `path` in `pkg` ({@link ROOT_FILES} for a file at its root); undefined outside it. */
export function folderOf(path, pkg) {
  if (!path.startsWith(pkg.root)) return undefined;
  const rest = path.slice(pkg.root.length);
  const slash = rest.indexOf("/");
  return slash < 0 ? ROOT_FILES : rest.slice(0, slash);
}

/** Layer index of each folder of `pkg` (root files: above every layer); folders listed twice keep their first layer. */
function layerIndex(pkg) {
  const index = new Map([[ROOT_FILES, pkg.layers.length]]);
  pkg.layers.forEach((layer, i) => layer.forEach((folder) => index.has(folder) || index.set(folder, i)));
  return index;
}

/** What kind of import an edge is, for the report: `type-only`, `dynamic` or plain. */
function importKind(dependency) {
  const types = dependency.dependencyTypes ?? [];
  if (types.includes("type-only")) return " (type-only)";
  if (dependency.dynamic || types.includes("dynamic-import")) return " (dynamic)";
  return "";
}

/**
 * Imports between different folders of `pkg`: Map(from folder → Map(to folder → ["a/x.ts -> b/y.ts (kind)", …])).
 * `modules` is dependency-cruiser's `modules` list (each `{ source, dependencies: [{ resolved, dependencyTypes, dynamic }] }`).
 */
export function folderImports(modules, pkg) {
  const graph = new Map();
  for (const module of modules) {
    const from = folderOf(module.source, pkg);
    if (from === undefined) continue;
    if (!graph.has(from)) graph.set(from, new Map());
    for (const dependency of module.dependencies ?? []) {
      const to = folderOf(dependency.resolved ?? "", pkg);
      if (to === undefined || to === from) continue;
      const targets = graph.get(from);
      if (!targets.has(to)) targets.set(to, []);
      const short = (p) => p.slice(pkg.root.length);
      targets.get(to).push(`${short(module.source)} -> ${short(dependency.resolved)}${importKind(dependency)}`);
    }
  }
  return graph;
}

/** Strongly connected components of more than one folder (Tarjan), each sorted, in a stable order. */
export function folderCycles(graph) {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  const visit = (folder) => {
    index.set(folder, next);
    low.set(folder, next++);
    stack.push(folder);
    onStack.add(folder);
    for (const to of graph.get(folder)?.keys() ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(folder, Math.min(low.get(folder), low.get(to)));
      } else if (onStack.has(to)) low.set(folder, Math.min(low.get(folder), index.get(to)));
    }
    if (low.get(folder) !== index.get(folder)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== folder);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const folder of [...graph.keys()].sort()) if (!index.has(folder)) visit(folder);
  return cycles.sort((a, b) => a[0].localeCompare(b[0]));
}

/** The layer table's own problems: a folder on disk in no layer or in two, a listed folder that does not exist. */
function tableProblems(pkg, foldersOnDisk) {
  const problems = [];
  const seen = new Map();
  pkg.layers.forEach((layer, i) => layer.forEach((folder) => {
    if (seen.has(folder)) problems.push(`${pkg.name}: folder ${folder}/ is in two layers (${seen.get(folder) + 1} and ${i + 1})`);
    else seen.set(folder, i);
  }));
  for (const folder of foldersOnDisk) if (!seen.has(folder)) problems.push(`${pkg.name}: folder ${folder}/ is in no layer (add it to scripts/folder-layers.cjs)`);
  for (const folder of seen.keys()) if (!foldersOnDisk.includes(folder)) problems.push(`${pkg.name}: the layers name ${folder}/, which does not exist`);
  return problems;
}

/**
 * Every problem of `pkg`, as lines for the report: the layer table's, then each folder cycle with the imports that
 * close it (those pointing to a later layer; in a cycle within one layer, those pointing sideways), then each import of the root files by a folder.
 */
export function folderProblems(modules, pkg, foldersOnDisk) {
  const problems = tableProblems(pkg, foldersOnDisk);
  const graph = folderImports(modules, pkg);
  const layer = layerIndex(pkg);
  const level = (folder) => layer.get(folder) ?? Number.POSITIVE_INFINITY;
  for (const cycle of folderCycles(graph)) {
    const members = new Set(cycle);
    const inCycle = cycle.flatMap((from) => [...(graph.get(from) ?? [])].filter(([to]) => members.has(to)).map(([to, files]) => ({ from, to, files })));
    // A cycle across layers has an import to a later layer: those close it. One within a layer: its sideways imports.
    const up = inCycle.filter((e) => level(e.to) > level(e.from));
    const closing = up.length > 0 ? up : inCycle.filter((e) => level(e.to) === level(e.from));
    const names = cycle.map((f) => (f === ROOT_FILES ? f : `${f}/`)).join(", ");
    const lines = [`${pkg.name}: folders ${names} import each other; the imports that close the cycle:`];
    for (const { from, to, files } of closing) lines.push(`    ${from} -> ${to}:`, ...files.map((file) => `      ${file}`));
    problems.push(lines.join("\n"));
  }
  for (const [from, targets] of graph) {
    const files = from === ROOT_FILES ? undefined : targets.get(ROOT_FILES);
    if (files) problems.push([`${pkg.name}: folder ${from}/ imports the package's root files (entry points, composition root):`, ...files.map((file) => `      ${file}`)].join("\n"));
  }
  return problems;
}
