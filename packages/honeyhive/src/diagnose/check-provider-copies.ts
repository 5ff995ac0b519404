/**
 * Provider-copies check, by observation: when a provider client package (`openai`, `@anthropic-ai/sdk`) is installed
 * more than once — a framework's own nested copy, as `@llamaindex/openai` brings its own `openai` — and an
 * instrumentation patched some copies but not all, calls through an unpatched copy record nothing. A copy is
 * patched when its client method carries an instrumentation's wrapper. Copies are looked at in the module format the
 * app uses, each format on its own: the CommonJS copies already loaded, and, when the provider is instrumented in
 * this process (`instrumentModules`, or an instrumentation given to HoneyHive for the package), the ES module copies
 * (loaded if needed: a framework may import its copy lazily).
 */
import { PROVIDER_PACKAGES, type ProviderPackage, isProviderPatched } from "../integrations/provider-copies";
import { enabledInstrumentations, patchedProvider } from "../integrations/register-instrumentations";
import type { PackageCopies } from "../runtime/runtime";
import { runtime } from "../runtime/platform";
import { type CheckFinding, ok, problem, skipped } from "./diagnosis";

/** `@llamaindex/openai's own openai@5.23.2` (the owner read from the path), or `openai@7.57.0 at <dir>` when hoisted. */
function describeCopy(dir: string, provider: ProviderPackage, copies: PackageCopies): string {
  const version = `${provider.pkg}@${copies.packageVersion(dir)}`;
  const parts = dir.split(/[\\/]node_modules[\\/]/);
  const owner = parts.length >= 3 ? parts[parts.length - 2]!.replace(/\\/g, "/") : undefined;
  return owner !== undefined && !owner.startsWith(".pnpm") ? `${owner}'s own ${version} (${dir})` : `${version} (${dir})`;
}

interface ModuleDefinitions {
  getModuleDefinitions?: () => readonly { name?: unknown }[];
  _modules?: readonly { name?: unknown }[];
}

/** True when this process instruments `provider`: through `instrumentModules`, or an instrumentation for its package. */
function instrumented(key: string, provider: ProviderPackage): boolean {
  if (patchedProvider(key)) return true;
  return (enabledInstrumentations() as readonly ModuleDefinitions[]).some((instrumentation) => {
    const definitions = instrumentation.getModuleDefinitions?.() ?? instrumentation._modules ?? [];
    return Array.isArray(definitions) && definitions.some((definition) => definition.name === provider.pkg);
  });
}

interface SeenCopy {
  dir: string;
  patched: boolean;
}

async function observe(dirs: readonly string[], load: (dir: string) => unknown, provider: ProviderPackage): Promise<SeenCopy[]> {
  const loaded = await Promise.all(dirs.map(async (dir) => ({ dir, module: await load(dir) })));
  return loaded.filter((c) => c.module !== undefined).map((c) => ({ dir: c.dir, patched: isProviderPatched(c.module, provider) }));
}

/**
 * The copies of `provider` that stay unpatched while another copy of the same module format is patched: loaded
 * CommonJS copies, and ES module copies when the provider is instrumented here.
 */
async function unpatchedCopies(key: string, dirs: readonly string[], provider: ProviderPackage, copies: PackageCopies): Promise<string[]> {
  const formats: [string, SeenCopy[]][] = [["CommonJS", await observe(dirs, (dir) => copies.loadedCommonJs(dir), provider)]];
  if (instrumented(key, provider)) formats.push(["ES module", await observe(dirs, (dir) => copies.importCopy(dir).catch(() => undefined), provider)]);
  return formats.flatMap(([format, seen]) =>
    seen.some((c) => c.patched) ? seen.filter((c) => !c.patched).map((c) => `${describeCopy(c.dir, provider, copies)} as ${format}`) : [],
  );
}

export async function checkProviderCopies(): Promise<CheckFinding> {
  const copies = runtime.node?.packageCopies;
  if (copies === undefined) return skipped("Installed copies of provider clients can only be checked on Node.js.");
  const unpatched: string[] = [];
  let several = 0;
  for (const [key, provider] of Object.entries(PROVIDER_PACKAGES)) {
    const dirs = copies.installedCopies(provider.pkg);
    if (dirs.length < 2) continue;
    several++;
    unpatched.push(...(await unpatchedCopies(key, dirs, provider, copies)));
  }
  if (unpatched.length > 0) {
    return problem(
      `A second copy of a provider client stays unpatched, so the calls made through it record nothing: ${unpatched.join("; ")}.`,
      "Pass the provider module to HoneyHive instead of patching it yourself: `new HoneyHiveTracer({ instrumentModules: { openAI: OpenAI } })` " +
        "(or evaluate()'s `instrumentModules`) patches every installed copy, in your app's module format. " +
        "ES module copies need Node 20.19+ or 22.12+ (`require(esm)`); on older Node give the framework a client of your own copy where it accepts one.",
    );
  }
  if (several === 0) return ok("Each provider client package is installed once.");
  return ok("Every loaded copy of a provider client is patched alike (all or none).");
}
