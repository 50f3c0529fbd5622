/**
 * SSIM (Wang et al. 2004) between two same-sized images, on luma (BT.601), with the paper's
 * 11x11 Gaussian window (sigma 1.5), K1 = 0.01, K2 = 0.03: 1 is identical, ~0.95+ is hard to
 * tell apart at a glance. Used by the media tests' quality floor and by the bench.
 */
import sharp from "sharp";

export interface Gray {
  width: number;
  height: number;
  /** Luma 0..255, row by row. */
  data: Float64Array;
}

/** Decodes any image sharp reads (as displayed: EXIF orientation applied) to luma. */
export async function lumaOf(image: Uint8Array | Buffer): Promise<Gray> {
  const { data, info } = await sharp(image).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return lumaOfRgb(data, info.width, info.height, info.channels);
}

export function lumaOfRgb(rgb: Uint8Array, width: number, height: number, channels = 3): Gray {
  const data = new Float64Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const at = i * channels;
    data[i] = channels < 3 ? rgb[at]! : 0.299 * rgb[at]! + 0.587 * rgb[at + 1]! + 0.114 * rgb[at + 2]!;
  }
  return { width, height, data };
}

/** Mean SSIM over the image (windows clipped at the borders). */
export function ssim(a: Gray, b: Gray): number {
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(`SSIM needs equal sizes, got ${a.width}x${a.height} and ${b.width}x${b.height}`);
  }
  const { width, height } = a;
  const product = (f: (x: number, y: number) => number) => {
    const out = new Float64Array(width * height);
    for (let i = 0; i < out.length; i++) out[i] = f(a.data[i]!, b.data[i]!);
    return blur(out, width, height);
  };
  const muA = blur(a.data, width, height);
  const muB = blur(b.data, width, height);
  const aa = product((x) => x * x);
  const bb = product((_, y) => y * y);
  const ab = product((x, y) => x * y);
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let total = 0;
  for (let i = 0; i < muA.length; i++) {
    const ma = muA[i]!;
    const mb = muB[i]!;
    const varA = aa[i]! - ma * ma;
    const varB = bb[i]! - mb * mb;
    const cov = ab[i]! - ma * mb;
    total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (varA + varB + c2));
  }
  return total / muA.length;
}

const KERNEL = (() => {
  const k = Array.from({ length: 11 }, (_, i) => Math.exp(-((i - 5) ** 2) / (2 * 1.5 * 1.5)));
  const sum = k.reduce((s, v) => s + v, 0);
  return k.map((v) => v / sum);
})();

/** Separable Gaussian blur; at the borders the window is renormalised over the pixels inside. */
function blur(data: Float64Array, width: number, height: number): Float64Array {
  const pass = (input: Float64Array, step: number, length: number, lines: number, lineStep: number) => {
    const out = new Float64Array(input.length);
    for (let line = 0; line < lines; line++) {
      const base = line * lineStep;
      for (let i = 0; i < length; i++) {
        let sum = 0;
        let weight = 0;
        for (let k = -5; k <= 5; k++) {
          const j = i + k;
          if (j < 0 || j >= length) continue;
          sum += KERNEL[k + 5]! * input[base + j * step]!;
          weight += KERNEL[k + 5]!;
        }
        out[base + i * step] = sum / weight;
      }
    }
    return out;
  };
  return pass(pass(data, 1, width, height, width), width, height, width, 1);
}
