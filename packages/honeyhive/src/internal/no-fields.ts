/**
 * An object with no fields, spread first in an object literal that copies an object it does not own and then adds
 * more members: `{ ...NO_FIELDS, ...userObject, key: value }`. On Node 20 a literal that starts with a spread of a
 * non-empty object and then gets more members costs about a microsecond per member (the copy's shape is rebuilt on
 * every call, measured); after an empty spread the same copy, with the same define semantics (a `__proto__` key stays
 * a key), takes the fast path. SDK-built objects can use `Object.assign` or a literal written out instead.
 */
export const NO_FIELDS: Readonly<Record<string, never>> = Object.freeze({});
