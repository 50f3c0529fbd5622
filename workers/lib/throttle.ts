/**
 * @deprecated Transitional, for routes not yet moved to core (share passwords): the rule lives in
 * core/sign-in-throttle.ts, whose functions take Services. New code calls those.
 */
import * as throttle from "../core/sign-in-throttle";
import type { Database } from "../repositories/database";

export type ThrottleKey = throttle.ThrottleKey;
export const delayAfter = throttle.delayAfter;

export const assertNotThrottled = (db: Database, keys: ThrottleKey[], now: number) =>
  throttle.assertNotThrottled({ db, now: () => now }, keys);

export const recordFailure = (db: Database, keys: ThrottleKey[], now: number) =>
  throttle.recordFailure({ db, now: () => now }, keys);

export const clearFailures = (db: Database, keys: ThrottleKey[]) => throttle.clearFailures({ db, now: Date.now }, keys);
