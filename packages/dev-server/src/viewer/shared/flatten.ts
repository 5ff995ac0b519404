/** Dotted-key flattening for the viewer: the one definition lives in `domain/flatten.ts`. */
export { flatten } from "../../domain/flatten";
