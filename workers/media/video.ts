/**
 * Video poster frames and 720p previews with FFmpeg compiled to wasm (see ffmpeg-session.ts).
 *
 * The input is streamed from the blob store as FFmpeg reads it (ffmpeg-session.ts, through JSPI),
 * so a video's size does not decide the memory it takes: FFmpeg's heap (what it decodes and
 * encodes) and, for a preview, the output MP4, which is held in memory until it is stored.
 */
import { MediaError } from "./errors";
import { withFFmpeg, type FFmpegRun, type FFmpegSession, type StreamedInput } from "./ffmpeg-session";
import { readImageHeader } from "./image-header";
import { POSTER_MAX_EDGE } from "./limits";

export { POSTER_MAX_EDGE };
export type { StreamedInput };

/** A video already in memory (tests, small files), read through the same streaming path. */
export function bytesInput(bytes: Uint8Array): StreamedInput {
  return { size: bytes.byteLength, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

export interface VideoPoster {
  /** A frame ~1 s in (the first frame for videos shorter than 2 s), upright. */
  jpeg: Uint8Array;
  width: number;
  height: number;
  /** Null when the container does not say. */
  durationSeconds: number | null;
  /** Container, codecs and bitrate, to decide whether the video needs a preview (core/media-preview.ts). */
  streams: VideoStreams;
}

export interface VideoStreams {
  container: string;
  videoCodec: string | null;
  audioCodec: string | null;
  bitRate: number | null;
}

export interface VideoPreview {
  /** H.264 + AAC in MP4, moov atom first so it streams. */
  mp4: Uint8Array;
  durationSeconds: number | null;
}

const INPUT = "/input";
const OUTPUT_POSTER = "/poster.jpg";
const OUTPUT_PREVIEW = "/preview.mp4";

/**
 * Grab a poster frame of a video as a JPEG.
 * @throws MediaError `unsupported_format` when FFmpeg finds no video stream, `corrupt_video` when
 *   no frame can be decoded
 */
export async function makeVideoPoster(input: StreamedInput): Promise<VideoPoster> {
  return withFFmpeg(INPUT, input, async (session) => {
    const { durationSeconds, streams } = await probe(session);
    // Seeking past the last frame yields no output, so short clips use their first frame.
    const seekSeconds = durationSeconds !== null && durationSeconds >= 2 ? 1 : 0;
    let run = await extractFrame(session, seekSeconds);
    let jpeg = session.readFile(OUTPUT_POSTER);
    if (jpeg === null && seekSeconds > 0) {
      // The container's duration can be wrong; fall back to the first frame.
      run = await extractFrame(session, 0);
      jpeg = session.readFile(OUTPUT_POSTER);
    }
    if (jpeg === null || run.exitCode !== 0) {
      throw new MediaError("corrupt_video", `no frame could be decoded: ${lastLines(run)}`);
    }
    const { width, height } = readImageHeader(jpeg);
    return { jpeg, width, height, durationSeconds, streams };
  });
}

/**
 * Transcode a video to a 720p (shorter edge, never upscaled) H.264/AAC MP4 that every browser
 * plays. Slow: single-threaded wasm x264 at the `veryfast` preset.
 * @throws MediaError like makeVideoPoster
 */
export async function makeVideoPreview(input: StreamedInput): Promise<VideoPreview> {
  return withFFmpeg(INPUT, input, async (session) => {
    const { durationSeconds } = await probe(session);
    const run = await session.ffmpeg([
      "-i",
      INPUT,
      "-map",
      "0:v:0",
      "-map",
      "0:a:0?",
      // Shorter edge 720 at most; even sizes, as yuv420p requires.
      "-vf",
      "scale='if(gte(iw,ih),-2,min(720,iw))':'if(gte(iw,ih),min(720,ih),-2)'",
      "-c:v",
      "libx264",
      "-preset",
      "veryfast",
      "-crf",
      "26",
      "-pix_fmt",
      "yuv420p",
      "-c:a",
      "aac",
      "-b:a",
      "128k",
      "-ac",
      "2",
      "-movflags",
      "+faststart",
      OUTPUT_PREVIEW,
    ]);
    const mp4 = session.readFile(OUTPUT_PREVIEW);
    if (mp4 === null || run.exitCode !== 0) {
      throw new MediaError("corrupt_video", `the video could not be transcoded: ${lastLines(run)}`);
    }
    return { mp4, durationSeconds };
  });
}

/** Duration, container, codecs and bitrate, and a check that there is a video stream at all. */
async function probe(session: FFmpegSession): Promise<{ durationSeconds: number | null; streams: VideoStreams }> {
  const run = await session.ffprobe([
    "-v",
    "error",
    "-show_entries",
    "stream=codec_type,codec_name:format=format_name,duration,bit_rate",
    "-of",
    "json",
    INPUT,
  ]);
  const report = parseJson(run.stdout.join("\n")) as {
    streams?: { codec_type?: string; codec_name?: string }[];
    format?: { format_name?: string; duration?: string; bit_rate?: string };
  } | null;
  // Judge by the report, not the exit code: @ffmpeg/core's ffprobe leaves it at -1 on success.
  const video = report?.streams?.find((stream) => stream.codec_type === "video");
  if (!report || !video) {
    throw new MediaError("unsupported_format", `not a video FFmpeg can read: ${lastLines(run)}`);
  }
  // FFmpeg also reads still images (as a one-frame "video" from an image demuxer).
  const container = report.format?.format_name ?? "";
  if (container === "image2" || container.endsWith("_pipe")) {
    throw new MediaError("unsupported_format", `a still image (${container}), not a video`);
  }
  const audio = report.streams?.find((stream) => stream.codec_type === "audio");
  const positive = (value: string | undefined) => {
    const number = Number(value);
    return Number.isFinite(number) && number > 0 ? number : null;
  };
  return {
    durationSeconds: positive(report.format?.duration),
    streams: {
      container,
      videoCodec: video.codec_name ?? null,
      audioCodec: audio ? (audio.codec_name ?? "unknown") : null,
      bitRate: positive(report.format?.bit_rate),
    },
  };
}

function extractFrame(session: FFmpegSession, seekSeconds: number): Promise<FFmpegRun> {
  return session.ffmpeg([
    // Before -i: seek in the input (fast), then decode to the exact time.
    "-ss",
    String(seekSeconds),
    "-i",
    INPUT,
    "-frames:v",
    "1",
    "-an",
    "-vf",
    `scale='min(${POSTER_MAX_EDGE},iw)':'min(${POSTER_MAX_EDGE},ih)':force_original_aspect_ratio=decrease`,
    // FFmpeg.wasm's MJPEG encoder crashes or hangs when it builds optimal Huffman tables.
    "-c:v",
    "mjpeg",
    "-huffman",
    "default",
    "-q:v",
    "3",
    "-f",
    "image2",
    OUTPUT_POSTER,
  ]);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The end of FFmpeg's log, which names the problem. */
function lastLines(run: FFmpegRun): string {
  return run.stderr.slice(-3).join(" | ") || `exit code ${run.exitCode}`;
}
