/**
 * `import()` of a module file as the application's own loader gives it. A written `import()` is that loader in the ES
 * module build (and under a test runner's loader, such as vitest's, which serves code that a `new Function` cannot
 * import from); the CommonJS build's bundler turns it into a `require()` that cannot load a file URL, so there the
 * native `import()` of a `new Function` (built once, on first use) loads it.
 */
import { pathToFileURL } from "node:url";

let nativeImport: ((specifier: string) => Promise<unknown>) | undefined;

/** The module at `file` (an absolute path) as `import` gives it; rejects when it cannot be imported. */
export function importFile(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href;
  return (import(url) as Promise<unknown>).catch(() => {
    nativeImport ??= new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<unknown>;
    return nativeImport(url);
  });
}
