import { SDK_VERSION } from "../api-client/sdk-version";

/** What `honeyhive --version` prints: the package version alone, so scripts can read it. */
export function versionText(): string {
  return SDK_VERSION;
}
