/**
 * The price data of `@honeyhive/dev-server`, when it is installed: the SDK carries none. Imported once per process,
 * on first need (`diagnose()`, `honeyhive eval`'s summary, an agent trace pricing its model calls); undefined when
 * the package is not installed or cannot be loaded here.
 */

/** What the SDK asks of the dev server's prices. */
export interface DevServerPrices {
  /** True when a call of `model` recorded with `provider` gets a price. */
  readonly modelHasPrice?: (provider: string | null, model: string) => boolean;
  /** The cost the dev server would store for a call with these tokens (`at`: when it started); null when it has no price. */
  readonly modelCallCost?: (call: { provider: string | null; model: string | null; tokens: Readonly<Record<string, number | null>>; at?: number | null; batch?: boolean }) => number | null;
}

/** Package whose price data decides (never a dependency of the SDK: loaded when installed). */
const DEV_SERVER_PACKAGE = "@honeyhive/dev-server";

let loading: Promise<DevServerPrices | undefined> | undefined;

async function load(): Promise<DevServerPrices | undefined> {
  try {
    const module = (await import(`${DEV_SERVER_PACKAGE}`)) as Record<string, unknown>;
    const prices: { -readonly [K in keyof DevServerPrices]: DevServerPrices[K] } = {};
    if (typeof module.modelHasPrice === "function") prices.modelHasPrice = module.modelHasPrice as DevServerPrices["modelHasPrice"];
    if (typeof module.modelCallCost === "function") prices.modelCallCost = module.modelCallCost as DevServerPrices["modelCallCost"];
    return prices;
  } catch {
    return undefined; // not installed (or not loadable here): prices cannot be checked
  }
}

/** The dev server's prices (see the module comment). Never rejects. */
export function devServerPrices(): Promise<DevServerPrices | undefined> {
  return (loading ??= load());
}
