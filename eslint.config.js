// Lint rules: explicit exports, no console in library code, files under 300 lines,
// type-only imports marked, floating promises caught.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "bench/out/**", "test-artifacts/**", "examples/readme-snippets/**", "**/*.cjs"] },
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
      "no-restricted-syntax": ["error", { selector: "ExportAllDeclaration", message: "Use explicit named exports." }],
    },
  },
  {
    files: ["packages/*/src/**/*.ts"],
    ignores: ["packages/honeyhive/src/cli/**", "packages/dev-server/src/cli.ts", "packages/dev-server/src/bin.ts", "packages/dev-server/src/viewer/client/**"],
    rules: {
      "no-console": "error",
      "max-lines": ["error", { max: 300, skipBlankLines: true, skipComments: true }],
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
