import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The integration run trains a model with PyTorch, so it needs minutes.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
