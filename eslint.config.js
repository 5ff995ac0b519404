// Lint rules: explicit exports, no console in library code, type-only imports marked, floating promises caught; one
// size rule for every package's source, the viewer client included and nothing warn-only: files of at most 300
// lines, functions of at most 60 lines and cyclomatic complexity 15.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Explicit named exports only: a block that sets its own no-restricted-syntax list repeats this entry in it. */
const NAMED_EXPORTS_ONLY = { selector: "ExportAllDeclaration", message: "Use explicit named exports." };
/** The SDK's UTF-8 coders are made on first use and shared (packages/honeyhive/src/internal/utf8.ts): no default one of its own. */
const SHARED_UTF8 = {
  selector: "NewExpression[callee.name=/^Text(En|De)coder$/][arguments.length=0]",
  message: "Use encodeUtf8/decodeUtf8/utf8Encoder from internal/utf8.ts (made on first use: the SDK loads where TextEncoder is missing).",
};

/** The evaluation engine never reads a run with its id lists: its answers carry every session id of the run. */
const RUN_WITHOUT_IDS = {
  selector: "CallExpression[callee.object.property.name='runs'][callee.property.name=/^(get|update)$/]",
  message: "Use runs.getWithoutIds / runs.updateWithoutIds: a run's answer carries every session id (100,000 at 100,000 datapoints).",
};

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "bench/out/**", "test-artifacts/**", "examples/readme-snippets/**", "docs/.vitepress/cache/**", "docs/reference/api/**", "**/*.cjs", "test/runtimes/apps/**", "test/runtimes/.work/**", "test/frameworks/.latest/**", "test/frameworks/stacks/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["packages/*/src/**/*.ts", "packages/*/tsup.config.ts", "test/**/*.ts", "examples/**/*.ts", "bench/**/*.ts", "demo/**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ["*.ts", "packages/*/tsup.config.ts"] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", NAMED_EXPORTS_ONLY],
    },
  },
  {
    files: ["packages/honeyhive/src/**/*.ts"],
    ignores: ["packages/honeyhive/src/internal/utf8.ts"],
    rules: { "no-restricted-syntax": ["error", NAMED_EXPORTS_ONLY, SHARED_UTF8] },
  },
  {
    files: ["packages/honeyhive/src/evaluation/**/*.ts"],
    rules: { "no-restricted-syntax": ["error", NAMED_EXPORTS_ONLY, SHARED_UTF8, RUN_WITHOUT_IDS] },
  },
  {
    // Library code logs through the logger; the CLIs print.
    files: ["packages/*/src/**/*.ts"],
    ignores: ["packages/honeyhive/src/cli/**", "packages/dev-server/src/cli.ts", "packages/dev-server/src/bin.ts"],
    rules: { "no-console": "error" },
  },
  {
    // The size rule: small files, short and simple functions, in every package (CLIs and the viewer client alike):
    // no exemption, no warn-only list. (generated-prices.ts is data, not code: the price dataset, one model per line,
    // written by scripts/generate-prices.mjs.)
    files: ["packages/*/src/**/*.ts"],
    ignores: ["packages/core/src/pricing/generated-prices.ts"],
    rules: {
      "max-lines": ["error", { max: 300, skipBlankLines: true, skipComments: true }],
      complexity: ["error", 15],
      "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Code that runs for every API request, span export or evaluate() datapoint. On Node 20 an object literal that
    // starts with a spread and then has more members costs about a microsecond per member (the copy's shape is rebuilt
    // every time, measured): write the fields out, use Object.assign for SDK-built objects, or start with `...NO_FIELDS`
    // where a user object's keys need the spread's semantics (packages/honeyhive/src/internal/no-fields.ts).
    files: [
      "packages/honeyhive/src/transport/**/*.ts", "packages/honeyhive/src/runtime/node/http-fetch.ts", "packages/honeyhive/src/runtime/node/request-target.ts",
      "packages/honeyhive/src/api-client/request.ts", "packages/honeyhive/src/api-client/legacy-fallback.ts", "packages/honeyhive/src/tracer/session-client.ts",
      "packages/honeyhive/src/evaluation/run-datapoint.ts", "packages/honeyhive/src/evaluation/run-evaluators.ts", "packages/honeyhive/src/instrument/run-in-span.ts",
      "packages/honeyhive/src/span/stamp-cache.ts",
    ],
    rules: {
      "no-restricted-syntax": [
        "error",
        NAMED_EXPORTS_ONLY,
        SHARED_UTF8,
        RUN_WITHOUT_IDS, // the evaluation files of this block (its list replaces the evaluation block's)
        {
          selector: "ObjectExpression[properties.length>1] > SpreadElement:first-child:not([argument.name='NO_FIELDS'])",
          message: "Hot path: no object literal that starts with a spread and has more members (slow on Node 20; see internal/no-fields.ts).",
        },
      ],
    },
  },
  {
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-non-null-assertion": "off" },
  },
  {
    // The framework stacks are their own npm projects, outside the root tsconfig (their packages are in their own
    // node_modules): linted without type information.
    files: ["test/frameworks/stacks/**/*.ts"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { parserOptions: { projectService: false, program: null, project: false } },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setImmediate: "readonly", Buffer: "readonly", fetch: "readonly", performance: "readonly", document: "readonly", window: "readonly" } },
  },
);
