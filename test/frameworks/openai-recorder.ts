/**
 * Which instrumentation records an openai stack's calls when the application registered OpenLLMetry's and gave the
 * client to `instrumentModules`: the application's choice while its declared `openai` range holds the installed copy,
 * else OpenInference's, with one warning that says so (a newer `openai` major than OpenLLMetry's release declares: the
 * latest lane's openai 7). The oracle reads the installed versions from the stack's folder and the range from the
 * instrumentation's own module definition.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const TRACELOOP = "@traceloop/instrumentation-openai";
const OPENINFERENCE = "@arizeai/openinference-instrumentation-openai";

/** The instrumentation expected to record, and its model events' name. */
export interface OpenAIRecorder {
  scope: string;
  eventName: (model: string) => string;
  /** True when the application's OpenLLMetry instrumentation is outside its declared range for the installed openai. */
  choiceSkipped: boolean;
}

/** The recorder for the stack whose test file is `testUrl`, given the app's OpenLLMetry instrumentation. */
export function openAIRecorder(testUrl: string, traceloop: { getModuleDefinitions(): readonly { name: string; supportedVersions: readonly string[] }[] }): OpenAIRecorder {
  const manifest = join(dirname(fileURLToPath(testUrl)), "node_modules", "openai", "package.json"); // the stack's own copy
  const installed = (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
  const ranges = traceloop.getModuleDefinitions().filter((d) => d.name === "openai").flatMap((d) => d.supportedVersions);
  const major = Number(installed.split(".")[0]);
  const inRange = ranges.some((range) => {
    const bounds = /^>=(\d+)(?:\.\d+)*\s+<(\d+)$/.exec(range.trim());
    if (bounds === null) throw new Error(`${TRACELOOP} declares openai ${range}: teach this oracle the range's form`);
    return major >= Number(bounds[1]) && major < Number(bounds[2]);
  });
  return inRange
    ? { scope: TRACELOOP, eventName: (model) => `chat ${model}`, choiceSkipped: false }
    : { scope: OPENINFERENCE, eventName: () => "OpenAI Chat Completions", choiceSkipped: true };
}

/** The SDK said, once, that the application's instrumentation was not used and which one records instead, exactly when it was skipped. */
export function expectChoiceWarning(recorder: OpenAIRecorder, sdkLines: string): void {
  const lines = sdkLines.split("\n").filter((line) => line.includes("which the application registered, was not used"));
  if (!recorder.choiceSkipped) return void expect(lines).toEqual([]);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/instrumentModules\.openAI: @traceloop\/instrumentation-openai, .*supports openai .*this copy is \d+\.\d+\.\d+.*@arizeai\/openinference-instrumentation-openai records these calls instead/);
}
