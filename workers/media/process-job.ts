/**
 * Turning one claimed job into thumbnails and metadata. Reads the original from the blob store,
 * writes `thumbs/<size>/...jpg`, records what it learned, and tells the owner as it goes. A video
 * that browsers cannot play well (core/media-preview.ts) then gets its 720p preview: after the
 * thumbnails, so the timeline shows the video while the slow transcode runs.
 */
import type { ThumbnailSize } from "@hearth/contract";
import { extendLease, type BlobToProcess, type JobRow } from "../core/media-jobs";
import { previewReason } from "../core/media-preview";
import type { Services } from "../core/services";
import { previewKey, thumbnailKey } from "../lib/blob-keys";
import { saveMedia, type MediaValues } from "../repositories/jobs";
import { placeValues } from "./place-of";
import { MediaError } from "./errors";
import { findRawPreview, sniffCameraRaw } from "./camera-raw";
import { readExif, readOrientation, type PhotoExif } from "./exif";
import { readImageHeader, sniffImageFormat } from "./image-header";
import type { MediaLimits } from "./limits";
import { makePlaceholder } from "./placeholder";
import type { Orientation } from "./orientation";
import { makeThumbnails, type ThumbnailOptions } from "./thumbnails";
import { makeVideoPoster, makeVideoPreview, type StreamedInput, type VideoStreams } from "./video";

async function readOriginal(bucket: R2Bucket, key: string): Promise<Uint8Array> {
  const object = await bucket.get(key);
  if (!object) throw new Error(`original ${key} is missing from the blob store`);
  return new Uint8Array(await object.arrayBuffer());
}

/** A video is never read whole: FFmpeg fetches the ranges it reads (ffmpeg-session.ts). */
function streamedOriginal(bucket: R2Bucket, blob: BlobToProcess): StreamedInput {
  return {
    size: blob.size,
    async read(offset, length) {
      const object = await bucket.get(blob.key, { range: { offset, length } });
      if (!object) throw new Error(`original ${blob.key} is missing from the blob store`);
      return new Uint8Array(await object.arrayBuffer());
    },
  };
}

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * Refuses, before anything is read whole or decoded, what would take the process past its memory
 * budget (MEDIA_MEMORY_MB): image files by their size, decompression bombs by the pixel size in
 * their header. Videos are streamed, whatever their size.
 */
function checkBudgetBeforeReading(job: JobRow, blob: BlobToProcess, limits: MediaLimits): void {
  const budget = `the media memory budget (MEDIA_MEMORY_MB=${limits.memoryMb})`;
  if (job.kind === "image" && blob.size > limits.maxImageInputBytes) {
    throw new MediaError(
      "input_too_large",
      `This image file is ${mib(blob.size)} MiB; image files up to ${mib(limits.maxImageInputBytes)} MiB fit ${budget}.`,
    );
  }
}

function checkPixelsBeforeDecoding(input: Uint8Array, limits: MediaLimits): void {
  if (sniffImageFormat(input) === null) return; // other formats are the thumbnailer's to judge
  const { width, height } = readImageHeader(input);
  if (width * height > limits.maxImagePixels) {
    const mp = (n: number) => Math.round(n / 1e5) / 10;
    throw new MediaError(
      "image_too_large",
      `This image is ${width}×${height} pixels (${mp(width * height)} MP); images up to ${mp(limits.maxImagePixels)} MP ` +
        `fit the media memory budget (MEDIA_MEMORY_MB=${limits.memoryMb}).`,
    );
  }
}

/** Runs the job to completion or throws; the caller records success or failure. */
export async function processJob(
  services: Services,
  job: JobRow,
  blob: BlobToProcess,
  limits: MediaLimits,
): Promise<void> {
  const report = (progress: number) =>
    services.events.publish(job.ownerId, {
      type: "job.progress",
      fileId: job.fileId,
      job: job.kind,
      state: "running",
      progress,
    });
  // Image decoders hold the whole file in memory: refuse before reading it, not after.
  checkBudgetBeforeReading(job, blob, limits);
  await report(0);
  const mime = blob.mime;

  let values: MediaValues;
  let stillImage: Uint8Array;
  let stillMime: string;
  let streams: VideoStreams | null = null;
  const thumbnailOptions: ThumbnailOptions = {
    maxHeicPixels: limits.maxHeicPixels,
    budget: `the media memory budget (MEDIA_MEMORY_MB=${limits.memoryMb})`,
  };
  if (job.kind === "image") {
    const input = await readOriginal(services.bucket, blob.key);
    checkPixelsBeforeDecoding(input, limits);
    const still = await photoToThumbnail(input, mime);
    const exif = still.exif;
    values = {
      takenAt: exif.takenAt ? Date.parse(exif.takenAt) : null,
      cameraMake: exif.cameraMake,
      cameraModel: exif.cameraModel,
      lens: exif.lens,
      latitude: exif.latitude,
      longitude: exif.longitude,
      ...(exif.latitude !== null && exif.longitude !== null ? placeValues(exif.latitude, exif.longitude) : {}),
    };
    stillImage = still.image;
    stillMime = still.mime;
    if (still.orientation !== undefined) thumbnailOptions.orientation = still.orientation;
  } else {
    const poster = await makeVideoPoster(streamedOriginal(services.bucket, blob));
    values = { durationSeconds: poster.durationSeconds, width: poster.width, height: poster.height };
    streams = poster.streams;
    stillImage = poster.jpeg;
    stillMime = "image/jpeg";
  }
  await report(0.3);

  const result = await makeThumbnails(stillImage, stillMime, thumbnailOptions);
  const sizes: ThumbnailSize[] = [];
  for (const thumb of result.thumbs) {
    const key = thumbnailKey(job.blobId, thumb.size);
    await services.bucket.put(key, thumb.jpeg, { httpMetadata: { contentType: "image/jpeg" } });
    sizes.push(thumb.size);
  }
  if (job.kind === "image") {
    values.width = result.width;
    values.height = result.height;
  }
  sizes.sort((a, b) => a - b);
  const smallest = result.thumbs.at(-1);
  if (smallest) Object.assign(values, makePlaceholder(smallest.jpeg));
  await saveMedia(services.db, job.blobId, { ...values, thumbnails: sizes.join(",") }, services.now());
  await services.events.publish(job.ownerId, { type: "thumbnail.ready", fileId: job.fileId, sizes });

  if (streams) {
    const why = previewReason({ mime, ...streams });
    const video = streamedOriginal(services.bucket, blob);
    const seconds = values.durationSeconds ?? null;
    if (why !== null && (await makePreview(services, job, video, seconds, why, limits))) {
      // The same event again: the owner's tabs fetch the file, which now says it has a preview.
      await services.events.publish(job.ownerId, { type: "thumbnail.ready", fileId: job.fileId, sizes });
    }
  }
}

/**
 * What to thumbnail for a photo, and its EXIF. A camera RAW is shown through the JPEG preview its
 * camera embedded, turned by the RAW's own orientation (the preview usually carries none).
 * @throws MediaError `unsupported_format` for a RAW without a usable preview
 */
async function photoToThumbnail(
  input: Uint8Array,
  mime: string,
): Promise<{ image: Uint8Array; mime: string; exif: PhotoExif; orientation?: Orientation }> {
  const raw = sniffCameraRaw(input, mime);
  if (!raw) return { image: input, mime, exif: await readExif(input) };
  const preview = findRawPreview(input, raw);
  if (!preview) {
    throw new MediaError(
      "unsupported_format",
      "This camera RAW file has no embedded JPEG preview; Hearth shows RAW photos through the preview their camera embeds.",
    );
  }
  const exif = await mergedExif(preview.metadata.length > 0 ? preview.metadata : [preview.jpeg]);
  const orientation = preview.orientationInJpeg ? undefined : await readOrientation(preview.metadata[0] ?? input);
  return { image: preview.jpeg, mime: "image/jpeg", exif, orientation };
}

/** The first value found for each field across EXIF sources (CR3 splits IFD0 and EXIF into two blocks). */
async function mergedExif(sources: Uint8Array[]): Promise<PhotoExif> {
  const all = await Promise.all(sources.map((source) => readExif(source)));
  const merged = { ...all[0]! };
  for (const exif of all.slice(1)) {
    for (const key of Object.keys(merged) as (keyof PhotoExif)[]) {
      if (merged[key] === null) (merged as Record<string, unknown>)[key] = exif[key];
    }
  }
  return merged;
}

/** Transcoding runs at a fraction of real time in single-threaded wasm: lease the job for this many times the video's length. */
const PREVIEW_LEASE_PER_SECOND_OF_VIDEO_MS = 20_000;

/**
 * Makes and stores the 720p preview; false when FFmpeg could not transcode it (the original then
 * plays as it is, and the video keeps its poster, so the job still succeeds).
 */
async function makePreview(
  services: Services,
  job: JobRow,
  input: StreamedInput,
  durationSeconds: number | null,
  why: string,
  limits: MediaLimits,
): Promise<boolean> {
  // The preview MP4 is held in memory until it is stored: a video too long for that plays as it is.
  if (durationSeconds === null || durationSeconds > limits.maxPreviewSeconds) {
    console.warn(
      `job ${job.id}: no preview (${why}): ${durationSeconds ?? "unknown"} s is longer than the ` +
        `${limits.maxPreviewSeconds} s a preview may be under MEDIA_MEMORY_MB=${limits.memoryMb}`,
    );
    return false;
  }
  console.log(`job ${job.id}: making a 720p preview because ${why}`);
  await extendLease(services, job, durationSeconds * PREVIEW_LEASE_PER_SECOND_OF_VIDEO_MS);
  let mp4: Uint8Array;
  try {
    mp4 = (await makeVideoPreview(input)).mp4;
  } catch (error) {
    if (!(error instanceof MediaError)) throw error;
    console.warn(`job ${job.id}: no preview: ${error.message}`);
    return false;
  }
  await services.bucket.put(previewKey(job.blobId), mp4, { httpMetadata: { contentType: "video/mp4" } });
  await saveMedia(services.db, job.blobId, { videoPreview: true }, services.now());
  return true;
}
