// vitest config of the example: eval test files only, each experiment may take a while (LLM calls in real life).
import { defineConfig } from "vitest/config";

export default defineConfig({ test: { include: ["**/*.eval.test.ts"], testTimeout: 120_000, hookTimeout: 120_000 } });
