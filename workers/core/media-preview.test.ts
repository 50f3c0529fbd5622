import { describe, expect, it } from "vitest";
import { PREVIEW_ABOVE_BITS_PER_SECOND, previewReason, type VideoFacts } from "./media-preview";

const MP4 = "mov,mp4,m4a,3gp,3g2,mj2";
const phoneMp4: VideoFacts = { mime: "video/mp4", container: MP4, videoCodec: "h264", audioCodec: "aac", bitRate: 2e6 };

describe("which videos get a 720p preview", () => {
  it("H.264/AAC MP4 and VP9/Opus WebM at a modest bitrate play as they are", () => {
    expect(previewReason(phoneMp4)).toBeNull();
    expect(previewReason({ ...phoneMp4, audioCodec: null })).toBeNull();
    const webm = {
      mime: "video/webm",
      container: "matroska,webm",
      videoCodec: "vp9",
      audioCodec: "opus",
      bitRate: null,
    };
    expect(previewReason(webm)).toBeNull();
  });

  it("an iPhone .mov, HEVC in MP4, AVI and MKV get one", () => {
    expect(previewReason({ ...phoneMp4, mime: "video/quicktime" })).toMatch(/container/);
    expect(previewReason({ ...phoneMp4, videoCodec: "hevc" })).toMatch(/video codec \(hevc\)/);
    expect(previewReason({ ...phoneMp4, audioCodec: "pcm_s16le" })).toMatch(/audio codec/);
    expect(previewReason({ ...phoneMp4, mime: "video/x-msvideo", container: "avi" })).toMatch(/container/);
    expect(previewReason({ ...phoneMp4, mime: "video/x-matroska", container: "matroska,webm" })).toMatch(/container/);
    // Named .mp4 but really something else.
    expect(previewReason({ ...phoneMp4, container: "avi" })).toMatch(/container/);
  });

  it("a playable video above the bitrate threshold gets one, at the threshold it does not", () => {
    expect(previewReason({ ...phoneMp4, bitRate: PREVIEW_ABOVE_BITS_PER_SECOND })).toBeNull();
    expect(previewReason({ ...phoneMp4, bitRate: 45_000_000 })).toMatch(/45 Mbit\/s.*above 8 Mbit\/s/);
  });
});
