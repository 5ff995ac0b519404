/**
 * The SDK version sent as the `hh-sdk-version` header. Kept equal to package.json's `version`
 * (a test checks it) so the library never has to read package.json at runtime.
 */
export const SDK_VERSION = "2.0.0-alpha.0";
