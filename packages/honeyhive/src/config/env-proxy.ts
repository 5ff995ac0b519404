import type { HoneyHiveEnv } from "../internal/env";

/**
 * True when Node is told to send its HTTP clients' requests through a proxy from the environment (`NODE_USE_ENV_PROXY=1`
 * or `--use-env-proxy` in `NODE_OPTIONS`, with `HTTP_PROXY` or `HTTPS_PROXY` set, any case). The SDK's pipelining
 * client of session requests speaks to the backend directly, so it is not used then: those requests take the ordinary
 * node:http path, which follows whatever proxy support Node gives it (decision record 0087). `NO_PROXY` is not read:
 * the ordinary path applies it.
 */
export function envProxyApplies(env: HoneyHiveEnv): boolean {
  const enabled = env.NODE_USE_ENV_PROXY === "1" || /(^|\s)--use-env-proxy(\s|=|$)/.test(env.NODE_OPTIONS ?? "");
  return enabled && [env.HTTP_PROXY, env.HTTPS_PROXY, env.http_proxy, env.https_proxy].some((value) => value !== undefined);
}
