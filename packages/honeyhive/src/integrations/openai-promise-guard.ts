/**
 * Keeps the `openai` client's public helpers working under an instrumentation (decision record 0068). The client's
 * resource methods (`chat.completions.create`, `responses.create`, …) return an `APIPromise`, and its helpers build on
 * that promise: `chat.completions.parse()` and `responses.parse()` call `create(…)._thenUnwrap(…)`, openai 7's
 * `chat.completions.stream()` calls `create(…).finally(…)`, openai 4 to 6's stream helpers read the `controller` of the
 * `Stream` it resolves to. The OpenAI instrumentations' wrappers do not always keep that shape:
 * - OpenInference's (4.x) keeps the `APIPromise` only when it was made by the `openai` module it loads itself (an
 *   `instanceof` check), so in an ES module app (the client's ES module build, the instrumentation's CommonJS one) and
 *   for a framework's nested copy it hands back a plain promise: `parse()` throws;
 * - OpenLLMetry's (Traceloop's, 0.27) hands back an async generator for a streamed request: `stream()` throws.
 * The guard sits on both sides of the instrumentation's wrapper: below it (installed before the instrumentation
 * patches) it notes the `APIPromise` the client made for the call; above it, when the wrapper's result lost the
 * `APIPromise` shape, it returns a promise of what the wrapper resolved to (the instrumentation still sees, records
 * and may replace the value) carrying the members of the client's promise the helpers use, with the client's
 * `Stream` controller on a replaced stream. A call whose wrapper kept the shape is returned as it is. Never throws; the
 * instrumentation's spans are unchanged.
 */
import { noteInternalError } from "../internal/guard";
import { aroundPatching } from "./after-patching";
import { clientOfInstrumentation } from "./provider-stream-usage";
import { noteObservedCall } from "./observed-calls";

/** Marks a guarded method (the method above the instrumentation's wrapper). */
export const OPENAI_GUARDED = Symbol.for("honeyhive.openai.promise_guard");

/** `instrumentModules` keys (lowercased, without an `azure` prefix) whose module is an `openai`-shaped client. */
export const OPENAI_CLIENT_KEYS: ReadonlySet<string> = new Set(["openai", "groq"]);

/** The resource methods the instrumentations wrap, as paths from the client class. */
const METHODS: readonly (readonly string[])[] = [
  ["Chat", "Completions"], ["Completions"], ["Responses"], ["Embeddings"],
];

type Method = ((this: unknown, ...args: unknown[]) => unknown) & { [OPENAI_GUARDED]?: true };
type Prototype = Record<string, unknown>;

interface ClientPromise {
  _thenUnwrap(transform: (value: unknown) => unknown): unknown;
}

/** The promises the client made during the wrapped call in progress (the wrapper calls the client synchronously). */
let capturing: unknown[] | undefined;

function isClientPromise(value: unknown): value is ClientPromise {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as { _thenUnwrap?: unknown })._thenUnwrap === "function";
}

function own(value: unknown, key: string): unknown {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return undefined;
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** The prototypes holding `create` in `module` (the client class, a namespace exporting it, or a view shaped like it). */
function prototypesOf(module: unknown): Prototype[] {
  const found = new Set<Prototype>();
  for (const root of [module, own(module, "OpenAI"), own(module, "default")]) {
    for (const path of METHODS) {
      let value: unknown = root;
      for (const step of path) value = (value as Record<string, unknown> | null | undefined)?.[step];
      const proto = (value as { prototype?: unknown } | undefined)?.prototype;
      if (typeof proto === "object" && proto !== null && typeof (proto as Prototype).create === "function") found.add(proto as Prototype);
    }
  }
  return [...found];
}

/** The method below the instrumentation: the client's own, noting each promise it makes during a guarded call. */
function below(original: Method): Method {
  return function create(this: unknown, ...args: unknown[]): unknown {
    const result = original.apply(this, args);
    if (capturing !== undefined && isClientPromise(result)) {
      capturing.push(result);
    }
    return result;
  };
}

/** Gives a stream that replaced the client's the client's `controller` (the stream helpers read its signal). */
function keepController(value: unknown, clientValue: unknown): void {
  if ((typeof value !== "object" && typeof value !== "function") || value === null || value === clientValue) return;
  const controller = (clientValue as { controller?: unknown } | null)?.controller;
  if (controller === undefined || (value as { controller?: unknown }).controller !== undefined) return;
  try {
    Object.defineProperty(value, "controller", { value: controller, configurable: true });
  } catch {
    // a frozen value: the helper reads what it has
  }
}

/** The client's promise's members a helper or an application reads beside `then`. */
interface ClientPromiseLike extends ClientPromise {
  asResponse?: () => Promise<{ headers?: { get(name: string): string | null } }>;
  responsePromise?: unknown;
}

/**
 * A promise of what the wrapper's `result` resolves to, with the members of the client's promise `client` the helpers
 * use: `_thenUnwrap` (the parse helpers), `withResponse`, `asResponse`, `parse`. The client's own promise is awaited
 * too (its body is parsed once: the instrumentation's reading and this one share it), for its `Stream`'s controller.
 */
function restored(result: unknown, client: ClientPromiseLike): Promise<unknown> {
  const settled = Promise.all([result, client]).then(([value, clientValue]) => {
    keepController(value, clientValue);
    return value;
  });
  return shapedLike(settled, client);
}

function shapedLike(settled: Promise<unknown>, client: ClientPromiseLike): Promise<unknown> {
  const members = {
    _thenUnwrap: (transform: (value: unknown, props: unknown) => unknown) =>
      shapedLike(settled.then(async (value) => transform(value, await client.responsePromise)), client),
    parse: () => settled,
    asResponse: () => client.asResponse?.(),
    withResponse: async () => {
      const [data, response] = await Promise.all([settled, client.asResponse?.()]);
      return { data, response, request_id: response?.headers?.get("x-request-id") ?? null };
    },
  };
  return Object.assign(settled, members);
}

/** Marks a promise nobody will await as handled (its failure is not the application's unhandled rejection). */
function quiet(promise: unknown): void {
  try {
    (promise as Promise<unknown>).then(undefined, () => undefined);
  } catch {
    // not a promise after all
  }
}

/**
 * The method above the instrumentation's wrapper `wrapped`; `unwrap` puts the client's own method back (what the
 * instrumentation's `disable()` asks for through shimmer's `__unwrap`, which now finds the guard in its place).
 */
function above(wrapped: Method, unwrap: () => void, scope: string | undefined): Method {
  const guarded: Method = function create(this: unknown, ...args: unknown[]): unknown {
    if (scope !== undefined) noteObservedCall(scope);
    const outer = capturing;
    const captured: unknown[] = [];
    capturing = captured;
    let result: unknown;
    try {
      result = wrapped.apply(this, args);
    } catch (error) {
      for (const made of captured) quiet(made); // the wrapper threw after the client sent the request: nobody awaits it
      throw error;
    } finally {
      capturing = outer;
    }
    try {
      const client = captured.length === 1 ? captured[0] : undefined;
      return isClientPromise(client) && !isClientPromise(result) ? restored(result, client) : result;
    } catch (error) {
      noteInternalError(error);
      return result;
    }
  };
  guarded[OPENAI_GUARDED] = true;
  // what diagnose() and other tools read to tell an instrumented method (shimmer's marks)
  Object.defineProperty(guarded, "__wrapped", { value: true, configurable: true });
  Object.defineProperty(guarded, "__original", { value: wrapped, configurable: true });
  Object.defineProperty(guarded, "__unwrap", { value: unwrap, configurable: true });
  return guarded;
}

/**
 * Runs `patch` (an instrumentation patching the `openai` module `module`: its `manuallyInstrument`, or its require
 * hook's `patch`) with the promise guard around each method it wraps; each call through the guard is counted for the
 * instrumentation's `scope` (observed-calls.ts). Returns what `patch` returned. A method already guarded, or left
 * alone by `patch`, is left as it was.
 */
export function withOpenAIPromiseGuard<T>(module: unknown, patch: () => T, scope?: string): T {
  let installed: { proto: Prototype; original: Method; placed: Method }[] = [];
  try {
    installed = prototypesOf(module).flatMap((proto) => {
      const original = proto.create as Method;
      if (original[OPENAI_GUARDED] === true) return [];
      const placed = below(original);
      proto.create = placed;
      return [{ proto, original, placed }];
    });
  } catch (error) {
    noteInternalError(error);
  }
  try {
    return patch();
  } finally {
    for (const { proto, original, placed } of installed) {
      try {
        const current = proto.create as Method;
        if (current === placed) {
          proto.create = original;
          continue;
        }
        const guarded = above(current, () => {
          if (proto.create === guarded) proto.create = original;
        }, scope);
        proto.create = guarded;
      } catch (error) {
        noteInternalError(error);
      }
    }
  }
}

/** True when an instrumentation wrapped a `create` method of `module` (shimmer's mark) without the guard around it. */
export function hasUnguardedMethods(module: unknown): boolean {
  try {
    return prototypesOf(module).some((proto) => {
      const create = proto.create as Method & { __wrapped?: unknown; __original?: unknown };
      return create[OPENAI_GUARDED] !== true && (create.__wrapped === true || typeof create.__original === "function");
    });
  } catch {
    return false;
  }
}

/**
 * For an OpenAI client instrumentation the application registered (`instrumentations`): guards every module it patches
 * from now on, through its require hook or its `manuallyInstrument`. Other instrumentations: nothing. Never throws.
 */
export function guardThroughInstrumentation(instrumentation: unknown): void {
  try {
    const name = String((instrumentation as { instrumentationName?: unknown } | null)?.instrumentationName ?? "");
    if (clientOfInstrumentation(name) === "OpenAI") aroundPatching(instrumentation, OPENAI_GUARDED, (module, patch) => withOpenAIPromiseGuard(module, patch, name));
  } catch (error) {
    noteInternalError(error);
  }
}
