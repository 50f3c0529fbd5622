/**
 * `npm run test:load [seconds]`: the full storm (50 uploaders of 2 MB, 20 listing clients) against
 * a fresh Hearth on loopback, then prints the figures. Set LOAD_URL to aim at a running Hearth.
 */
import { removeDataDir, startHearth } from "../harness/hearth";
import { storm } from "./storm";

const seconds = Number(process.argv[2] ?? process.env.LOAD_SECONDS ?? 180);
const hearth = process.env.LOAD_URL ? undefined : await startHearth();
const url = process.env.LOAD_URL ?? hearth!.url;
console.log(`storm: ${seconds} s, 50 uploaders x 2 MB, 20 listing clients, against ${url}`);
const started = Date.now();
try {
  const figures = await storm({
    url,
    durationMs: seconds * 1000,
    uploaders: 50,
    listers: 20,
    uploadBytes: 2 * 1024 * 1024,
  });
  console.log(`uploads ok: ${figures.uploads}, upload errors: ${figures.uploadErrors}`);
  console.log(`listings ok: ${figures.listings}, listing errors: ${figures.listingErrors}`);
  console.log(`listing latency p50 ${figures.p50} ms, p99 ${figures.p99} ms, max ${figures.max} ms`);
  console.log(
    `answered ${figures.answerAfterMs} ms after the storm; took ${Math.round((Date.now() - started) / 1000)} s`,
  );
  if (Object.keys(figures.failures).length > 0) console.log("failures:", figures.failures);
  process.exitCode = figures.uploadErrors + figures.listingErrors > 0 || figures.p99 > 1000 ? 1 : 0;
} finally {
  if (hearth) {
    await hearth.stop();
    removeDataDir(hearth.dataDir);
  }
}
