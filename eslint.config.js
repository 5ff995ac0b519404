// Lint rules: explicit exports, no console in library code, files under 300 lines, functions under 80 lines
// and cyclomatic complexity 20, type-only imports marked, floating promises caught.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "bench/out/**", "test-artifacts/**", "src/viewer/assets/**", "**/*.cjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.ts", "test/**/*.ts", "examples/**/*.ts", "bench/**/*.ts", "demo/**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ["*.ts"] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", { selector: "ExportAllDeclaration", message: "Use explicit named exports." }],
    },
  },
  {
    files: ["src/**/*.ts"],
    ignores: ["src/cli/**", "src/viewer/client/**"],
    rules: {
      "no-console": "error",
      "max-lines": ["error", { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Short, simple functions. 80 lines / complexity 20 is what the code meets except the files below.
    files: ["src/**/*.ts"],
    ignores: ["src/viewer/client/**"],
    rules: {
      complexity: ["error", 20],
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Warn only, with a reason each:
    // - resolve-evaluate-options.ts, decode-any-value-json.ts, tracer-core.ts constructor: flat
    //   lists of independent option checks / wire cases, where each `??` and `?:` counts as a branch;
    // - the CLI commands, dev server handlers and evaluate-core.ts are being reworked in parallel slices (cli,
    //   devserver, data); they are split after those land rather than edited twice.
    files: [
      "src/evaluation/resolve-evaluate-options.ts",
      "src/otlp/decode-any-value-json.ts", "src/tracer/tracer-core.ts", "src/cli/commands/eval.ts", "src/cli/commands/serve.ts",
      "src/dev-server/ingest/span-to-event.ts", "src/dev-server/model/event-model.ts", "src/dev-server/query/filters.ts",
      "src/dev-server/request-handler.ts", "src/dev-server/store/sqlite-store.ts", "src/evaluation/evaluate-core.ts",
    ],
    rules: {
      complexity: ["warn", 20],
      "max-lines-per-function": ["warn", { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-non-null-assertion": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setImmediate: "readonly", Buffer: "readonly", fetch: "readonly", performance: "readonly", document: "readonly", window: "readonly" } },
  },
);
