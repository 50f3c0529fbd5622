/**
 * Video poster frames and 720p previews with FFmpeg compiled to wasm (see ffmpeg-session.ts).
 *
 * The whole input sits in memory while FFmpeg reads it (the caller's copy, shared with FFmpeg's
 * file system) and FFmpeg's heap grows with what it decodes, so peak memory is roughly
 * 2x the input plus ~100 MB. MAX_VIDEO_INPUT_BYTES caps that; bigger videos get no poster.
 * (FFmpeg's reads are synchronous calls into its file system and workerd has no synchronous I/O,
 * so the bytes cannot be fetched from the blob store as FFmpeg asks for them.)
 */
import { MediaError } from "./errors";
import { withFFmpeg, type FFmpegRun, type FFmpegSession } from "./ffmpeg-session";
import { readImageHeader } from "./image-header";
import { MAX_VIDEO_INPUT_BYTES, POSTER_MAX_EDGE } from "./limits";

export { MAX_VIDEO_INPUT_BYTES, POSTER_MAX_EDGE };

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
 * @throws MediaError `input_too_large` over MAX_VIDEO_INPUT_BYTES, `unsupported_format` when
 *   FFmpeg finds no video stream, `corrupt_video` when no frame can be decoded
 */
export async function makeVideoPoster(input: Uint8Array): Promise<VideoPoster> {
  checkInputSize(input);
  return withFFmpeg((session) => {
    session.writeFile(INPUT, input);
    const { durationSeconds, streams } = probe(session);
    // Seeking past the last frame yields no output, so short clips use their first frame.
    const seekSeconds = durationSeconds !== null && durationSeconds >= 2 ? 1 : 0;
    let run = extractFrame(session, seekSeconds);
    let jpeg = session.readFile(OUTPUT_POSTER);
    if (jpeg === null && seekSeconds > 0) {
      // The container's duration can be wrong; fall back to the first frame.
      run = extractFrame(session, 0);
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
export async function makeVideoPreview(input: Uint8Array): Promise<VideoPreview> {
  checkInputSize(input);
  return withFFmpeg((session) => {
    session.writeFile(INPUT, input);
    const { durationSeconds } = probe(session);
    const run = session.ffmpeg([
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

function checkInputSize(input: Uint8Array): void {
  if (input.byteLength > MAX_VIDEO_INPUT_BYTES) {
    const mib = (bytes: number) => Math.round(bytes / (1024 * 1024));
    throw new MediaError(
      "input_too_large",
      `the video is ${mib(input.byteLength)} MiB; at most ${mib(MAX_VIDEO_INPUT_BYTES)} MiB can be processed`,
    );
  }
}

/** Duration, container, codecs and bitrate, and a check that there is a video stream at all. */
function probe(session: FFmpegSession): { durationSeconds: number | null; streams: VideoStreams } {
  const run = session.ffprobe([
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

function extractFrame(session: FFmpegSession, seekSeconds: number): FFmpegRun {
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
