/**
 * Which videos get a 720p H.264 preview (made by the media process, served by
 * `GET /api/files/:id/preview`, played by the lightbox instead of the original).
 *
 * A browser plays an original directly only when every browser can: H.264 with AAC or MP3 in MP4,
 * or VP8/VP9/AV1 with Opus or Vorbis in WebM. Anything else (HEVC or ProRes from a phone's .mov,
 * AVI, MKV, MPEG-2...) gets a preview. So does a playable original whose bitrate is above what a
 * phone on household Wi-Fi streams without stalling while it seeks (4K phone videos are 40-100
 * Mbit/s; the 720p preview is ~2-4 Mbit/s).
 */

/** A playable original above this overall bitrate (bits per second) still gets a preview. */
export const PREVIEW_ABOVE_BITS_PER_SECOND = 8_000_000;

/** What the media process learned about a video's streams (FFmpeg's names for containers and codecs). */
export interface VideoFacts {
  /** The MIME type it was uploaded as (from its name). */
  mime: string;
  /** FFmpeg's format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "matroska,webm". */
  container: string;
  /** FFmpeg's codec_name of the first video stream, e.g. "h264", "hevc". */
  videoCodec: string | null;
  /** Of the first audio stream, null when the video is silent. */
  audioCodec: string | null;
  /** Overall bitrate in bits per second, null when the container does not say. */
  bitRate: number | null;
}

const PLAYABLE: Record<string, { container: string; video: ReadonlySet<string>; audio: ReadonlySet<string> }> = {
  "video/mp4": { container: "mp4", video: new Set(["h264"]), audio: new Set(["aac", "mp3"]) },
  "video/webm": { container: "webm", video: new Set(["vp8", "vp9", "av1"]), audio: new Set(["opus", "vorbis"]) },
};

/** Why this video needs a preview, in words for the log; null when browsers play the original well. */
export function previewReason(facts: VideoFacts): string | null {
  const playable = PLAYABLE[facts.mime];
  const containers = facts.container.split(",");
  if (!playable || !containers.includes(playable.container)) {
    return `its container (${facts.mime}, ${facts.container || "unknown"}) is not one every browser plays`;
  }
  if (!facts.videoCodec || !playable.video.has(facts.videoCodec)) {
    return `its video codec (${facts.videoCodec ?? "unknown"}) is not one every browser plays`;
  }
  if (facts.audioCodec !== null && !playable.audio.has(facts.audioCodec)) {
    return `its audio codec (${facts.audioCodec}) is not one every browser plays`;
  }
  if (facts.bitRate !== null && facts.bitRate > PREVIEW_ABOVE_BITS_PER_SECOND) {
    const mbits = (bits: number) => `${Math.round(bits / 1e5) / 10} Mbit/s`;
    return `its bitrate (${mbits(facts.bitRate)}) is above ${mbits(PREVIEW_ABOVE_BITS_PER_SECOND)}`;
  }
  return null;
}
