import type * as FsPromises from "node:fs/promises";
import { lazyBuiltin } from "./lazy-builtin";

/**
 * node:fs/promises, loaded with the first file operation (the spool, a dataset file, a cache): a process that only
 * traces spans never pays it. The one loader every Node file operation of the SDK goes through.
 */
export const fsPromises = lazyBuiltin<typeof FsPromises>("node:fs/promises");
