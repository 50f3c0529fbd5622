#!/usr/bin/env bash
# Builds workers/media/codecs/jpeg-turbo.wasm: Debian's libjpeg-turbo source + glue.c, compiled
# with Debian's emscripten (no pthreads; wasm SIMD128, which workerd's V8 has on x64 and arm64,
# but not libjpeg-turbo's hand-written SIMD), and records its SHA-256 in jpeg-turbo.sha256.
# The .wasm is committed, so neither CI nor `npm run build` needs emscripten; a test checks the
# committed file against the recorded digest.
#
#   supervisor/codecs/jpeg-turbo/build.sh            build, write the .wasm and the digest
#   supervisor/codecs/jpeg-turbo/build.sh --verify   build in a temp folder, compare, write nothing
#
# Needs (as root on Debian bookworm): deb-src lines in the apt sources, `apt-get update`,
# `apt-get install emscripten dpkg-dev`. JPEG_TURBO_SRC=<unpacked source> skips `apt-get source`.
# glue.c includes cmyk-to-srgb.h, made by make-cmyk-table.ts (sharp) and committed.
#
# Gotchas this script handles:
# - Debian's emcc finds acorn only with NODE_PATH=/usr/share/nodejs.
# - CMake's try-compile under emscripten records sizeof(size_t) as 9; wasm32's is 4.
# - libjpeg-turbo picks a 64-bit Huffman bit buffer only on 64-bit targets; wasm has native
#   64-bit integers, and the wider buffer refills half as often (decoding ~9% faster).
# - libjpeg's fatal errors use no setjmp here (see glue.c), so the module needs no Emscripten JS.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
out_wasm="$root/workers/media/codecs/jpeg-turbo.wasm"
digest_file="$here/jpeg-turbo.sha256"

source_version="1:2.1.5-2"
source_sha256="254f3642b04e309fee775123133c6464181addc150499561020312ec61c1bf7c" # .orig.tar.gz
emcc_version="3.1.6"

verify=0
[[ "${1:-}" == "--verify" ]] && verify=1

export NODE_PATH=/usr/share/nodejs
command -v emcc >/dev/null || { echo "emcc not found: apt-get install emscripten" >&2; exit 1; }
[[ "$(emcc --version)" == *" $emcc_version "* ]] ||
  echo "warning: emcc is not $emcc_version; the digest will differ from the recorded one" >&2

work="$(mktemp -d /tmp/hearth-jpeg-turbo.XXXXXX)"
trap 'rm -rf "$work"' EXIT

if [[ -n "${JPEG_TURBO_SRC:-}" ]]; then
  cp -r "$JPEG_TURBO_SRC" "$work/src"
else
  (cd "$work" && apt-get source -qq "libjpeg-turbo=$source_version" >/dev/null)
  echo "$source_sha256  $(ls "$work"/libjpeg-turbo_*.orig.tar.gz)" | sha256sum -c --quiet
  mv "$work"/libjpeg-turbo-*/ "$work/src"
fi
src="$work/src"

# The 64-bit bit buffer: take the x32 (64-bit registers, 32-bit pointers) branch on wasm32 too.
sed -i 's/defined(__x86_64__) && defined(__ILP32__)/& || defined(__wasm32__)/' "$src/jdhuff.h" "$src/jchuff.c"
grep -q "__wasm32__" "$src/jdhuff.h" && grep -q "__wasm32__" "$src/jchuff.c"

# -msimd128: glue.c's resize uses SIMD intrinsics, and clang's vectoriser speeds libjpeg's encoder ~30%.
flags="-O3 -msimd128 -DNO_GETENV -DNO_PUTENV -ffile-prefix-map=$work=."
mkdir "$work/build"
(
  cd "$work/build"
  emcmake cmake "$src" -DCMAKE_BUILD_TYPE=Release -DWITH_SIMD=0 -DWITH_TURBOJPEG=0 -DENABLE_SHARED=0 \
    -DWITH_ARITH_ENC=0 -DCMAKE_C_FLAGS="$flags" >cmake.log 2>&1 || { cat cmake.log; exit 1; }
  sed -i 's/#define SIZEOF_SIZE_T .*/#define SIZEOF_SIZE_T  4/' jconfigint.h
  grep -q "SIZEOF_SIZE_T  4" jconfigint.h
  emmake make -j"$(nproc)" jpeg-static >make.log 2>&1 || { tail -30 make.log; exit 1; }
)

exports="buffer_alloc buffer_free image_free codec_reset decode_jpeg resize orient encode_jpeg encoded_data"
# stackSave/stackRestore are always exported; jpeg-turbo.ts needs them after an error.
# codec_error is left undefined on purpose: it is the JS import that throws (see glue.c).
exported="$(printf '"_%s",' $exports)"
emcc $flags -I"$src" -I"$work/build" "$here/glue.c" "$work/build/libjpeg.a" -o "$work/jpeg-turbo.wasm" \
  --no-entry -sSTANDALONE_WASM=1 -sEXPORTED_FUNCTIONS="[${exported%,}]" \
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=4MB -sMAXIMUM_MEMORY=448MB -sTOTAL_STACK=256KB \
  -sFILESYSTEM=0 -sMALLOC=dlmalloc -sERROR_ON_UNDEFINED_SYMBOLS=0 -sWARN_ON_UNDEFINED_SYMBOLS=0

digest="$(sha256sum "$work/jpeg-turbo.wasm" | cut -d' ' -f1)"
if ((verify)); then
  recorded="$(cut -d' ' -f1 "$digest_file")"
  if [[ "$digest" != "$recorded" ]]; then
    echo "MISMATCH: built $digest, recorded $recorded" >&2
    exit 1
  fi
  echo "verified: a fresh build is byte-identical to the committed wasm ($digest)"
else
  cp "$work/jpeg-turbo.wasm" "$out_wasm"
  echo "$digest  workers/media/codecs/jpeg-turbo.wasm" >"$digest_file"
  echo "built workers/media/codecs/jpeg-turbo.wasm ($(stat -c %s "$out_wasm") bytes)"
fi
echo "sha256 $digest"
