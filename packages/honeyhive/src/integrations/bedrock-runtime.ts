/**
 * The SDK's own instrumentation of the AWS Bedrock Runtime client (`@aws-sdk/client-bedrock-runtime` 3.x), for
 * `instrumentModules: { bedrock }`. Every call goes through `BedrockRuntimeClient.prototype.send(command)` (the
 * aggregated `BedrockRuntime` client's methods too), so that one method is patched on the client's prototype (mutable
 * whether the module came from `import` or `require`): `ConverseCommand`, `ConverseStreamCommand`, `InvokeModelCommand`
 * and `InvokeModelWithResponseStreamCommand` each become a CLIENT span in the OpenTelemetry GenAI dialect
 * (`bedrock-attributes.ts`, `bedrock-invoke-body.ts`) that the one translation reads; other commands pass through
 * untraced. Streams are followed without being changed (`bedrock-stream.ts`). Decision record 0047.
 */
import { type Attributes, type Context, type Span, SpanKind, type TracerProvider, context, trace } from "@opentelemetry/api";
import { BEDROCK_SCOPE } from "@honeyhive/core/semconv/instrumentation-layer";
import type { Logger } from "../internal/logger";
import { noteInternalError } from "../internal/guard";
import { recordError } from "../instrument/record-error";
import { addConverseOutput, converseRequestAttributes, emptyReply, replyAttributes } from "./bedrock-attributes";
import { addInvokeResponse, invokeRequestAttributes } from "./bedrock-invoke-body";
import { type BedrockStreamKind, followBedrockStream } from "./bedrock-stream";
import { BEDROCK_PATCHED as PATCHED, bedrockClientPrototype, warnNotBedrockModule } from "./bedrock-module";

/** The traced commands, by their class name in the client. */
const COMMANDS = ["ConverseCommand", "ConverseStreamCommand", "InvokeModelCommand", "InvokeModelWithResponseStreamCommand"] as const;
type CommandName = (typeof COMMANDS)[number];

interface PatchState {
  provider: TracerProvider;
  /** The module's command classes (matched by identity first: a bundler may rename classes). */
  classes: Map<unknown, CommandName>;
}

type Send = (this: unknown, command: unknown, ...rest: unknown[]) => unknown;

/** The traced command `command` is, if it is one. */
function commandName(state: PatchState, command: unknown): CommandName | undefined {
  const ctor = (command as { constructor?: unknown } | null)?.constructor;
  const known = state.classes.get(ctor);
  if (known) return known;
  const name = (ctor as { name?: unknown } | undefined)?.name;
  return COMMANDS.find((c) => c === name);
}

function startSpan(state: PatchState, name: CommandName, input: unknown): Span {
  const attributes: Attributes = name.startsWith("Converse") ? converseRequestAttributes(input) : invokeRequestAttributes(input);
  const model = attributes["gen_ai.request.model"];
  const spanName = `${String(attributes["gen_ai.operation.name"])}${typeof model === "string" ? ` ${model}` : ""}`;
  return state.provider.getTracer(BEDROCK_SCOPE).startSpan(spanName, { kind: SpanKind.CLIENT, attributes });
}

/** Records a non-streamed response (or follows a stream) on the span; the span ends here unless a stream now owns it. */
function recordResponse(name: CommandName, response: unknown, span: Span, spanContext: Context, startedAt: number): void {
  const r = (response ?? {}) as Record<string, unknown>;
  const stream: [string, BedrockStreamKind] | undefined = name === "ConverseStreamCommand" ? ["stream", "converse"] : name === "InvokeModelWithResponseStreamCommand" ? ["body", "invoke"] : undefined;
  if (stream && followBedrockStream(r, stream[0], stream[1], span, spanContext, startedAt)) return;
  const reply = emptyReply();
  if (name === "ConverseCommand") addConverseOutput(reply, r);
  else if (name === "InvokeModelCommand") addInvokeResponse(reply, r.body);
  span.setAttributes(replyAttributes(reply));
  span.end();
}

/** The traced command and its span, or undefined for a call not traced (another command, the callback form, a failure to start). */
function startCall(state: PatchState, command: unknown, rest: readonly unknown[]): [CommandName, Span] | undefined {
  try {
    if (typeof rest[rest.length - 1] === "function") return undefined; // the callback form is not traced
    const name = commandName(state, command);
    return name === undefined ? undefined : [name, startSpan(state, name, (command as { input?: unknown }).input)];
  } catch (error) {
    noteInternalError(error);
    return undefined;
  }
}

function wrapSend(original: Send, state: PatchState): Send {
  return function send(this: unknown, command: unknown, ...rest: unknown[]): unknown {
    const started = startCall(state, command, rest);
    if (started === undefined) return Reflect.apply(original, this, [command, ...rest]);
    const [traced, span] = started;
    const startedAt = performance.now();
    const spanContext = trace.setSpan(context.active(), span);
    const call = async (): Promise<unknown> => {
      try {
        const response = await context.with(spanContext, () => Reflect.apply(original, this, [command, ...rest]) as Promise<unknown>);
        try {
          recordResponse(traced, response, span, spanContext, startedAt);
        } catch (error) {
          noteInternalError(error);
          span.end();
        }
        return response;
      } catch (error) {
        recordError(span, error);
        span.end();
        throw error;
      }
    };
    return call();
  };
}

/**
 * Patches `BedrockRuntimeClient.prototype.send` of a `@aws-sdk/client-bedrock-runtime` module once; a second call only
 * rebinds the spans to `provider`. Returns false when nothing was newly patched; a module that cannot be patched is
 * warned about and reported by `diagnose()` with its fix.
 */
export function instrumentBedrockRuntime(module: unknown, provider: TracerProvider, logger: Logger): boolean {
  const proto = bedrockClientPrototype(module);
  if (!proto) {
    warnNotBedrockModule(module, logger);
    return false;
  }
  const existing = Object.prototype.hasOwnProperty.call(proto, PATCHED) ? (proto[PATCHED] as PatchState) : undefined;
  if (existing) {
    existing.provider = provider;
    return false;
  }
  const exports = module as Record<string, unknown>;
  const classes = new Map<unknown, CommandName>(COMMANDS.filter((c) => typeof exports[c] === "function").map((c) => [exports[c], c]));
  const state: PatchState = { provider, classes };
  proto.send = wrapSend(proto.send as Send, state);
  Object.defineProperty(proto, PATCHED, { value: state, configurable: true });
  logger.debug("instrumentModules.bedrock: patched BedrockRuntimeClient.prototype.send (Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream)");
  return true;
}
