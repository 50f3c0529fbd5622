import { defineConfig } from "vitest/config";

// Tests that start the real runtime share two cores with it: run files one at a time.
export default defineConfig({
  test: {
    fileParallelism: false,
    globalSetup: ["tests/harness/global-setup.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "storage-adapter/**/*.test.ts",
            "workers/**/*.test.ts",
            "db/**/*.test.ts",
            "supervisor/**/*.test.ts",
            "frontend/src/**/*.test.ts",
          ],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // A browser waits on what a user would see, through real processes on a shared machine:
          // vitest's 1 s default for expect.poll is shorter than a busy CI machine's round trip.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        test: {
          name: "updates",
          include: ["tests/updates/**/*.test.ts"],
          testTimeout: 600_000,
          hookTimeout: 1_800_000,
        },
      },
      {
        test: {
          name: "container",
          include: ["tests/container/**/*.test.ts"],
          testTimeout: 1_800_000,
          hookTimeout: 1_800_000,
        },
      },
    ],
  },
});
