// jest config of the example. The example is plain ESM JavaScript (.mjs), run with Node's VM modules:
//   node --experimental-vm-modules node_modules/jest/bin/jest.js --config examples/jest/jest.config.mjs
// so no transform (babel, ts-jest) is needed. For TypeScript under jest, add the transform your project uses.
export default { testMatch: ["**/*.eval.test.mjs"], transform: {}, testEnvironment: "node", testTimeout: 120_000 };
