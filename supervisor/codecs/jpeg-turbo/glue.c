/*
 * Hearth's JPEG thumbnail codec: libjpeg-turbo's decoder (scaled in the DCT domain), a separable
 * Lanczos3 resize, EXIF orientation and libjpeg-turbo's encoder, compiled to wasm32 for workerd.
 * build.sh beside this file makes workers/media/codecs/jpeg-turbo.wasm from it; the TypeScript
 * side is workers/media/codecs/jpeg-turbo.ts.
 *
 * Notes
 * - Errors. libjpeg reports fatal errors through error_exit, which must not return. Emscripten's
 *   setjmp/longjmp needs its JS glue, which this module does without, so error_exit calls the
 *   imported `env.codec_error(message, kind)`, which THROWS a JS exception through the wasm frames.
 *   The caller then restores the shadow stack pointer (stackSave/stackRestore) and calls
 *   codec_reset(), which destroys the half-used libjpeg object: all libjpeg memory lives in its
 *   pools, so nothing leaks. Images made here are owned by the caller and freed with image_free.
 * - Memory. libjpeg may use at most LIBJPEG_MEMORY_LIMIT (progressive files keep every DCT
 *   coefficient: ~36 MB for 12 MP 4:2:0); the wasm memory itself is capped at link time.
 * - Warnings (e.g. "premature end of data") are counted, not fatal: like a browser, show what
 *   decodes. The caller checks the file's structure before decoding.
 * - Single-threaded by construction: one decode or encode at a time per instance.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <wasm_simd128.h>

#include "jpeglib.h"
#include "jerror.h"

#include "cmyk-to-srgb.h"

#define EXPORT __attribute__((visibility("default"), used))

/* Kinds of failure the caller maps to its own error codes. */
enum { KIND_CORRUPT = 1, KIND_TOO_LARGE = 2, KIND_UNSUPPORTED = 3 };

/* Throws a JS exception; never returns. */
__attribute__((import_module("env"), import_name("codec_error"), noreturn))
void codec_error(const char *message, int kind);

#define LIBJPEG_MEMORY_LIMIT (320L * 1024 * 1024)

typedef struct {
  uint8_t *pixels; /* RGB, 3 bytes a pixel, rows packed */
  int32_t width;
  int32_t height;
  /* Decode facts (only set by decode_jpeg). */
  int32_t scale_num;   /* decoded at scale_num/8 */
  int32_t warnings;    /* libjpeg warnings while decoding */
  int32_t color_space; /* the file's J_COLOR_SPACE */
} Image;

static struct jpeg_decompress_struct dinfo;
static struct jpeg_compress_struct cinfo;
static struct jpeg_error_mgr derr, cerr;
static int dinfo_live, cinfo_live;
static char message[JMSG_LENGTH_MAX];

/* The encoder's output buffer, kept between calls (jpeg_mem_dest reallocs it when too small). */
static unsigned char *encoded;
static unsigned long encoded_capacity;
static unsigned long encoded_size;

static int kind_of(int code) {
  switch (code) {
    case JERR_OUT_OF_MEMORY:
    case JERR_NO_BACKING_STORE:
    case JERR_IMAGE_TOO_BIG:
    case JERR_WIDTH_OVERFLOW:
      return KIND_TOO_LARGE;
    case JERR_BAD_PRECISION:
    case JERR_NOTIMPL:
    case JERR_CONVERSION_NOTIMPL:
    case JERR_ARITH_NOTIMPL:
    case JERR_SOF_UNSUPPORTED: /* lossless, hierarchical */
      return KIND_UNSUPPORTED;
    default:
      return KIND_CORRUPT;
  }
}

static void on_error_exit(j_common_ptr info) {
  (*info->err->format_message)(info, message);
  codec_error(message, kind_of(info->err->msg_code));
}

static void on_output_message(j_common_ptr info) { (void)info; }

static void on_emit_message(j_common_ptr info, int level) {
  /* level -1 is a warning; higher levels are trace messages. */
  if (level < 0) info->err->num_warnings++;
}

static void use_errors(struct jpeg_error_mgr *err) {
  jpeg_std_error(err);
  err->error_exit = on_error_exit;
  err->output_message = on_output_message;
  err->emit_message = on_emit_message;
}

/*
 * A progressive JPEG may hold any number of scans, and each one makes the decoder walk every
 * coefficient again: a small crafted file can keep it busy for minutes. Real encoders write at
 * most a few dozen; refuse past MAX_SCANS, as libjpeg-turbo's TJFLAG_LIMITSCANS does.
 */
#define MAX_SCANS 500

static void on_progress(j_common_ptr info) {
  if (info->is_decompressor && ((j_decompress_ptr)info)->input_scan_number > MAX_SCANS)
    codec_error("too many scans in a progressive JPEG (over 500)", KIND_CORRUPT);
}

static struct jpeg_progress_mgr progress = {on_progress, 0, 0, 0, 0};

EXPORT void *buffer_alloc(size_t size) { return malloc(size); }
EXPORT void buffer_free(void *pointer) { free(pointer); }

static Image *image_new(int width, int height) {
  Image *image = calloc(1, sizeof(Image));
  if (!image) return NULL;
  image->pixels = malloc((size_t)width * height * 3);
  if (!image->pixels) {
    free(image);
    return NULL;
  }
  image->width = width;
  image->height = height;
  return image;
}

EXPORT void image_free(Image *image) {
  if (!image) return;
  free(image->pixels);
  free(image);
}

/* After codec_error threw: drop the half-used libjpeg objects and everything they allocated. */
EXPORT void codec_reset(void) {
  if (dinfo_live) jpeg_destroy_decompress(&dinfo);
  if (cinfo_live) jpeg_destroy_compress(&cinfo);
  dinfo_live = cinfo_live = 0;
}

static uint8_t clamp_byte(int value) { return value < 0 ? 0 : value > 255 ? 255 : (uint8_t)value; }

/*
 * libjpeg-turbo has no CMYK -> RGB conversion. What ink amounts look like depends on the press;
 * cmyk-to-srgb.h (made by make-cmyk-table.ts) samples the generic CMYK profile that libvips applies
 * to CMYK without a profile, on a 9^4 grid, interpolated here. Adobe applications write CMYK
 * inverted (255 = no ink) and mark it with an APP14 "Adobe" segment; others write it plain.
 */
static void cmyk_row_to_rgb(const uint8_t *cmyk, uint8_t *rgb, int width, int inverted) {
  for (int x = 0; x < width; x++, cmyk += 4, rgb += 3) {
    int cell[4];
    float fraction[4];
    for (int c = 0; c < 4; c++) {
      int ink = inverted ? 255 - cmyk[c] : cmyk[c];
      int low = ink >> 5;
      if (low > CMYK_GRID - 2) low = CMYK_GRID - 2;
      int from = low * 32, to = low + 1 == CMYK_GRID - 1 ? 255 : (low + 1) * 32;
      cell[c] = low;
      fraction[c] = (float)(ink - from) / (float)(to - from);
    }
    float sum[3] = {0, 0, 0};
    for (int corner = 0; corner < 16; corner++) {
      float weight = 1;
      int index = 0;
      for (int c = 0; c < 4; c++) {
        int up = (corner >> (3 - c)) & 1;
        weight *= up ? fraction[c] : 1 - fraction[c];
        index = index * CMYK_GRID + cell[c] + up;
      }
      const unsigned char *entry = CMYK_TO_SRGB + index * 3;
      sum[0] += weight * entry[0];
      sum[1] += weight * entry[1];
      sum[2] += weight * entry[2];
    }
    for (int c = 0; c < 3; c++) rgb[c] = clamp_byte((int)lrintf(sum[c]));
  }
}

/*
 * Decodes a JPEG to RGB at the smallest scale n/8 (n = 1..8) whose longest edge is still at least
 * `min_edge` (full size when the image is smaller): the IDCT then computes only the pixels
 * needed, which skips most of the decoder's work after Huffman decoding. Returns NULL when the
 * RGB image does not fit in memory.
 */
EXPORT Image *decode_jpeg(const uint8_t *data, size_t size, int min_edge) {
  dinfo.err = &derr;
  use_errors(&derr);
  jpeg_create_decompress(&dinfo);
  dinfo_live = 1;
  dinfo.mem->max_memory_to_use = LIBJPEG_MEMORY_LIMIT;
  dinfo.progress = &progress;
  jpeg_mem_src(&dinfo, data, size);
  jpeg_read_header(&dinfo, TRUE);

  int cmyk = dinfo.jpeg_color_space == JCS_CMYK || dinfo.jpeg_color_space == JCS_YCCK;
  dinfo.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
  dinfo.dct_method = JDCT_ISLOW;
  dinfo.scale_denom = 8;
  for (int n = 1; n <= 8; n++) {
    dinfo.scale_num = n;
    jpeg_calc_output_dimensions(&dinfo);
    int longest = dinfo.output_width > dinfo.output_height ? dinfo.output_width : dinfo.output_height;
    if (longest >= min_edge) break;
  }

  jpeg_start_decompress(&dinfo);
  Image *image = image_new(dinfo.output_width, dinfo.output_height);
  uint8_t *cmyk_row = cmyk ? malloc((size_t)dinfo.output_width * 4) : NULL;
  if (!image || (cmyk && !cmyk_row)) {
    image_free(image);
    free(cmyk_row);
    codec_reset();
    return NULL;
  }
  image->scale_num = dinfo.scale_num;
  image->color_space = dinfo.jpeg_color_space;
  size_t stride = (size_t)image->width * 3;
  while (dinfo.output_scanline < dinfo.output_height) {
    uint8_t *target = image->pixels + stride * dinfo.output_scanline;
    JSAMPROW row = cmyk ? cmyk_row : target;
    jpeg_read_scanlines(&dinfo, &row, 1);
    if (cmyk) cmyk_row_to_rgb(cmyk_row, target, image->width, dinfo.saw_Adobe_marker);
  }
  jpeg_finish_decompress(&dinfo);
  image->warnings = (int32_t)derr.num_warnings;
  free(cmyk_row);
  jpeg_destroy_decompress(&dinfo);
  dinfo_live = 0;
  return image;
}

/* ---- Resize: separable Lanczos3, in the image's own (sRGB) values, as libvips does. ---- */

typedef struct {
  int *first;     /* first source index of each output pixel */
  int *count;     /* taps of each output pixel */
  float *weights; /* count[i] weights for output pixel i, at i * max_taps */
  int max_taps;
} Filter;

static double sinc(double x) {
  if (x == 0) return 1;
  x *= M_PI;
  return sin(x) / x;
}

static double lanczos3(double x) { return x > -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0; }

static void filter_free(Filter *filter) {
  free(filter->first);
  free(filter->count);
  free(filter->weights);
}

/*
 * Weights that map `in` samples onto `out`, pixel centres aligned. Shrinking widens the kernel by
 * the scale; the rare enlargement (a pixel or so, from the decoder's rounding) keeps it at 3.
 */
static int filter_make(Filter *filter, int in, int out) {
  double ratio = (double)in / out;
  double scale = ratio > 1 ? ratio : 1;
  double support = 3 * scale;
  filter->max_taps = (int)ceil(support) * 2 + 1;
  filter->first = malloc(sizeof(int) * out);
  filter->count = malloc(sizeof(int) * out);
  filter->weights = malloc(sizeof(float) * out * filter->max_taps);
  if (!filter->first || !filter->count || !filter->weights) {
    filter_free(filter);
    return 0;
  }
  for (int i = 0; i < out; i++) {
    double centre = (i + 0.5) * ratio;
    int from = (int)floor(centre - support);
    int to = (int)ceil(centre + support);
    if (from < 0) from = 0;
    if (to > in) to = in;
    if (to - from > filter->max_taps) to = from + filter->max_taps;
    float *w = filter->weights + (size_t)i * filter->max_taps;
    double total = 0;
    for (int j = from; j < to; j++) total += w[j - from] = (float)lanczos3((j + 0.5 - centre) / scale);
    for (int j = from; j < to; j++) w[j - from] = (float)(w[j - from] / total);
    filter->first[i] = from;
    filter->count[i] = to - from;
  }
  return 1;
}

/*
 * The passes work on pixels of four floats (R, G, B, unused), one wasm SIMD vector each, so a
 * filter tap is one multiply-add for all three channels.
 */

/* Horizontal pass: each row of `source` (RGB bytes) to `out_width` pixels of 4 floats. */
static void resize_rows(const Image *source, const Filter *filter, int out_width, float *target, float *row4) {
  for (int y = 0; y < source->height; y++) {
    const uint8_t *row = source->pixels + (size_t)y * source->width * 3;
    for (int x = 0; x < source->width; x++) {
      wasm_v128_store(row4 + x * 4, wasm_f32x4_make(row[x * 3], row[x * 3 + 1], row[x * 3 + 2], 0));
    }
    float *out = target + (size_t)y * out_width * 4;
    for (int x = 0; x < out_width; x++) {
      const float *w = filter->weights + (size_t)x * filter->max_taps;
      const float *p = row4 + filter->first[x] * 4;
      v128_t sum = wasm_f32x4_splat(0);
      for (int t = 0; t < filter->count[x]; t++, p += 4) {
        sum = wasm_f32x4_add(sum, wasm_f32x4_mul(wasm_f32x4_splat(w[t]), wasm_v128_load(p)));
      }
      wasm_v128_store(out + x * 4, sum);
    }
  }
}

/* Vertical pass: rows of 4-float pixels to the target's RGB bytes. `sum` holds one row. */
static void resize_columns(const float *source, const Filter *filter, Image *target, float *sum) {
  int stride = target->width * 4;
  for (int y = 0; y < target->height; y++) {
    const float *w = filter->weights + (size_t)y * filter->max_taps;
    for (int i = 0; i < stride; i += 4) wasm_v128_store(sum + i, wasm_f32x4_splat(0));
    for (int t = 0; t < filter->count[y]; t++) {
      const float *row = source + (size_t)(filter->first[y] + t) * stride;
      v128_t weight = wasm_f32x4_splat(w[t]);
      for (int i = 0; i < stride; i += 4) {
        wasm_v128_store(sum + i, wasm_f32x4_add(wasm_v128_load(sum + i), wasm_f32x4_mul(weight, wasm_v128_load(row + i))));
      }
    }
    uint8_t *out = target->pixels + (size_t)y * target->width * 3;
    for (int x = 0; x < target->width; x++) {
      for (int c = 0; c < 3; c++) out[x * 3 + c] = clamp_byte((int)lrintf(sum[x * 4 + c]));
    }
  }
}

/* Returns a new image of width x height, or NULL without memory. */
EXPORT Image *resize(const Image *source, int width, int height) {
  Filter horizontal = {0}, vertical = {0};
  float *between = malloc(sizeof(float) * 4 * width * source->height);
  float *row4 = malloc(sizeof(float) * 4 * source->width);
  float *sum = malloc(sizeof(float) * 4 * width);
  Image *target = image_new(width, height);
  int ok = between && row4 && sum && target && filter_make(&horizontal, source->width, width) &&
           filter_make(&vertical, source->height, height);
  if (ok) {
    resize_rows(source, &horizontal, width, between, row4);
    resize_columns(between, &vertical, target, sum);
  } else {
    image_free(target);
    target = NULL;
  }
  filter_free(&horizontal);
  filter_free(&vertical);
  free(between);
  free(row4);
  free(sum);
  return target;
}

/*
 * EXIF orientation 2..8: a new upright image (width and height swap for 5..8), or NULL without
 * memory. Where stored pixel (x, y) of a w x h image lands, with ow the upright row length.
 */
EXPORT Image *orient(const Image *source, int orientation) {
  int w = source->width, h = source->height;
  int swapped = orientation >= 5;
  int ow = swapped ? h : w;
  Image *target = image_new(ow, swapped ? w : h);
  if (!target) return NULL;
  for (int y = 0; y < h; y++) {
    const uint8_t *p = source->pixels + (size_t)y * w * 3;
    for (int x = 0; x < w; x++, p += 3) {
      size_t at;
      switch (orientation) {
        case 2: at = (size_t)y * w + (w - 1 - x); break;
        case 3: at = (size_t)(h - 1 - y) * w + (w - 1 - x); break;
        case 4: at = (size_t)(h - 1 - y) * w + x; break;
        case 5: at = (size_t)x * ow + y; break;
        case 6: at = (size_t)x * ow + (h - 1 - y); break;
        case 7: at = (size_t)(w - 1 - x) * ow + (h - 1 - y); break;
        case 8: at = (size_t)(w - 1 - x) * ow + y; break;
        default: at = (size_t)y * w + x; break;
      }
      uint8_t *q = target->pixels + at * 3;
      q[0] = p[0], q[1] = p[1], q[2] = p[2];
    }
  }
  return target;
}

/*
 * Encodes `image` as a baseline 4:2:0 JPEG with optimised Huffman tables. Returns its size; the
 * bytes are at encoded_data() until the next call.
 */
EXPORT unsigned long encode_jpeg(const Image *image, int quality) {
  cinfo.err = &cerr;
  use_errors(&cerr);
  jpeg_create_compress(&cinfo);
  cinfo_live = 1;
  unsigned char *before = encoded;
  encoded_size = encoded_capacity;
  jpeg_mem_dest(&cinfo, &encoded, &encoded_size);
  cinfo.image_width = image->width;
  cinfo.image_height = image->height;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, quality, TRUE);
  cinfo.optimize_coding = TRUE;
  cinfo.dct_method = JDCT_ISLOW;
  jpeg_start_compress(&cinfo, TRUE);
  size_t stride = (size_t)image->width * 3;
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = image->pixels + stride * cinfo.next_scanline;
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  cinfo_live = 0;
  /* When it outgrew our buffer, libjpeg malloc'ed a bigger one and left ours to us. */
  if (encoded != before) {
    free(before);
    encoded_capacity = encoded_size;
  }
  return encoded_size;
}

EXPORT unsigned char *encoded_data(void) { return encoded; }
