/**
 * The conformance suite: one set of cases, written against the plain R2Bucket interface, that
 * DiskBucket (in workerd) and miniflare's R2 binding must both pass.
 */
import { checksumCases } from "./cases-checksums.js";
import { getCases } from "./cases-get.js";
import { listCases } from "./cases-list.js";
import { multipartCases } from "./cases-multipart.js";
import { objectCases } from "./cases-objects.js";
import type { ConformanceCase } from "./fixtures.js";

export type { ConformanceCase } from "./fixtures.js";

export const conformanceCases: ConformanceCase[] = [
  ...objectCases,
  ...checksumCases,
  ...getCases,
  ...listCases,
  ...multipartCases,
];

/** The outcome of one case, as the test worker reports it. */
export interface CaseResult {
  name: string;
  ok: boolean;
  error?: string;
  ms: number;
}

/** Runs cases one after another, each under its own key prefix (`<scopePrefix><index>/`). */
export async function runCases(bucket: R2Bucket, cases: ConformanceCase[], scopePrefix: string): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const [index, testCase] of cases.entries()) {
    const started = Date.now();
    try {
      await testCase.run(bucket, `${scopePrefix}${index}/`);
      results.push({ name: testCase.name, ok: true, ms: Date.now() - started });
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      results.push({ name: testCase.name, ok: false, error: message, ms: Date.now() - started });
    }
  }
  return results;
}
