/** The media pool's defaults: one process per core, as many as the memory holds, MEDIA_IDLE_SECONDS checked. */
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { ConfigError, defaultMediaConcurrency, readConfig } from "./config";

describe("media pool settings", () => {
  it("defaults to the CPU cores, capped by what the memory holds at MEDIA_MEMORY_MB each", () => {
    expect(readConfig({}).mediaConcurrency).toBe(defaultMediaConcurrency(384));
    expect(defaultMediaConcurrency(384)).toBeLessThanOrEqual(Math.min(16, availableParallelism()));
    expect(defaultMediaConcurrency(384, 1)).toBe(1);
    // A budget no machine holds twice still gets one process.
    expect(defaultMediaConcurrency(16384, 64)).toBeGreaterThanOrEqual(1);
    expect(readConfig({ MEDIA_CONCURRENCY: "3" }).mediaConcurrency).toBe(3);
  });

  it("MEDIA_IDLE_SECONDS defaults to 30 and refuses nonsense", () => {
    expect(readConfig({}).mediaIdleSeconds).toBe(30);
    expect(readConfig({ MEDIA_IDLE_SECONDS: "5" }).mediaIdleSeconds).toBe(5);
    expect(() => readConfig({ MEDIA_IDLE_SECONDS: "0" })).toThrow(ConfigError);
    expect(() => readConfig({ MEDIA_IDLE_SECONDS: "soon" })).toThrow(/MEDIA_IDLE_SECONDS must be a whole number/);
  });
});

describe("BLOB_STORE", () => {
  const s3 = {
    BLOB_STORE: "s3://family-files",
    S3_ENDPOINT: "https://s3.eu-central-1.amazonaws.com",
    S3_ACCESS_KEY_ID: "AKIA0000",
    S3_SECRET_ACCESS_KEY: "secret",
  };

  it("is the data folder unless set", () => {
    expect(readConfig({}).blobStore).toEqual({ kind: "disk" });
  });

  it("reads an S3 bucket with its endpoint, region, keys and addressing style", () => {
    expect(readConfig({ ...s3, S3_REGION: "eu-central-1", S3_PATH_STYLE: "false" }).blobStore).toEqual({
      kind: "s3",
      settings: {
        endpoint: "https://s3.eu-central-1.amazonaws.com",
        bucket: "family-files",
        region: "eu-central-1",
        accessKeyId: "AKIA0000",
        secretAccessKey: "secret",
        pathStyle: false,
      },
    });
  });

  it("refuses what cannot work, saying what to set", () => {
    expect(() => readConfig({ BLOB_STORE: "ftp://x" })).toThrow(/BLOB_STORE must be "disk" or s3:\/\/<bucket>/);
    expect(() => readConfig({ ...s3, S3_ENDPOINT: "" })).toThrow(/needs S3_ENDPOINT/);
    expect(() => readConfig({ ...s3, S3_ENDPOINT: "https://s3.example.com/bucket" })).toThrow(/without a path/);
    expect(() => readConfig({ ...s3, S3_SECRET_ACCESS_KEY: "" })).toThrow(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
    expect(() => readConfig({ ...s3, S3_PATH_STYLE: "yes" })).toThrow(/S3_PATH_STYLE must be true or false/);
  });
});
