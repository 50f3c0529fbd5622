#!/bin/sh
# Prepares this machine (Debian 12, as root) to build and run Hearth's image with podman, for the
# container test and CI. Idempotent: each step is skipped when already done, so a second run is a
# no-op that takes about a second.
#
# Why each piece is needed here:
# - No Docker engine and no container registry are reachable, only Debian's mirror and npm; so
#   podman from Debian, and a base image made locally with debootstrap + `podman import`.
# - Rootful podman needs only podman + runc (the OCI runtime known to work on this machine),
#   and no uidmap/slirp4netns/fuse-overlayfs: overlay runs natively on ext4 and
#   ports are published through the CNI bridge that podman depends on anyway.
# - Without explicit ulimits runc starts no container here ("error setting rlimit type 7:
#   operation not permitted").
# - There is no systemd (PID 1 is the VM's init), so cgroupfs and a file events log, said out
#   loud so podman never tries systemd or journald.
#
# With --arm64 it also makes RUNTIME_BASE_ARM64, an arm64 Debian for the final stage of an arm64
# image (the build stages always run on this machine's amd64 base): mmdebstrap, its maintainer
# scripts run under qemu user emulation (docker/binfmt-aarch64.sh registers it).
set -eu

arm64=false
for arg in "$@"; do
  case "$arg" in
    --arm64) arm64=true ;;
    *) echo "usage: podman-setup.sh [--arm64]" >&2; exit 2 ;;
  esac
done

BASE_IMAGE=${HEARTH_BASE_IMAGE:-localhost/hearth-base:bookworm}
RUNTIME_BASE=${HEARTH_RUNTIME_BASE:-localhost/hearth-base:bookworm-runtime}
RUNTIME_BASE_ARM64=${HEARTH_RUNTIME_BASE_ARM64:-localhost/hearth-base:bookworm-runtime-arm64}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

step_started=0
step() { step_started=$(date +%s); echo "podman-setup: $1"; }
done_step() { echo "podman-setup:   done in $(( $(date +%s) - step_started )) s"; }

if [ "$(id -u)" != 0 ]; then
  echo "podman-setup: must run as root (rootful podman, debootstrap)" >&2
  exit 1
fi

# 1. Packages (qemu-user-static, mmdebstrap and arch-test only for --arm64).
packages="podman runc debootstrap"
$arm64 && packages="$packages qemu-user-static mmdebstrap arch-test"
missing=false
for tool in podman runc debootstrap; do command -v "$tool" >/dev/null || missing=true; done
$arm64 && for tool in qemu-aarch64-static mmdebstrap arch-test; do command -v "$tool" >/dev/null || missing=true; done
if $missing; then
  step "installing $packages"
  export DEBIAN_FRONTEND=noninteractive
  # Others (CI, a developer) may be running apt at the same time: wait for the lock, don't fail.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  # shellcheck disable=SC2086
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $packages >/dev/null
  done_step
fi

# 2. Configuration (rewritten every time; it is small and this keeps it exactly as below).
mkdir -p /etc/containers
cat >/etc/containers/containers.conf <<'EOF'
# Written by Hearth's docker/podman-setup.sh.
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
log_driver = "k8s-file"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF

# 3. Two base images from one debootstrap --variant=minbase bookworm (+ ca-certificates):
#    RUNTIME_BASE, plain Debian, stands in for debian:bookworm-slim in the Dockerfile's final stage;
#    BASE_IMAGE adds this machine's Node and npm, laid out as in the official node image
#    (/usr/local/bin, /usr/local/lib/node_modules), for the build stage.
import() {  # import ROOTFS IMAGE [podman import options]
  dir=$1 image=$2; shift 2
  tar -C "$dir" -c . | podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$@" - "$image" >/dev/null
}

# Nothing in an image reads these; dropping them takes ~100 MB off every image built on it.
# debootstrap leaves the host's resolver config; the container runtime provides its own.
slim() {
  rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/* \
    "$1"/usr/share/doc/* "$1"/usr/share/man/* "$1"/usr/share/locale/* "$1"/var/log/*
  rm -f "$1/etc/resolv.conf" "$1/etc/hostname"
}

work=$(mktemp -d /var/tmp/hearth-base.XXXXXX)
trap 'rm -rf "$work"' EXIT

if podman image exists "$BASE_IMAGE" && podman image exists "$RUNTIME_BASE"; then
  echo "podman-setup: $BASE_IMAGE and $RUNTIME_BASE exist"
else

  node_bin=$(readlink -f "$(command -v node)")
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")   # .../node_modules/npm
  if [ ! -x "$node_bin" ] || [ ! -f "$npm_dir/bin/npm-cli.js" ]; then
    echo "podman-setup: node and npm are needed on this machine (they are copied into the base image)" >&2
    exit 1
  fi

  root=$work/rootfs

  step "debootstrap --variant=minbase bookworm"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$root" "$MIRROR" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  slim "$root"
  # Trust what this machine trusts: it may reach the registries through a TLS-inspecting proxy whose
  # CA is only in the host's bundle, and `npm ci` in the build stage must get through it too.
  # NODE_EXTRA_CA_CERTS (below) makes node and npm read the bundle.
  if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  fi
  done_step

  step "podman import -> $RUNTIME_BASE"
  import "$root" "$RUNTIME_BASE" --change 'CMD ["bash"]'
  done_step

  step "adding Node $("$node_bin" --version) and npm $("$node_bin" "$npm_dir/bin/npm-cli.js" --version) -> $BASE_IMAGE"
  install -m 0755 "$node_bin" "$root/usr/local/bin/node"
  mkdir -p "$root/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  import "$root" "$BASE_IMAGE" --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' --change 'CMD ["node"]'
  done_step
fi

# 4. The arm64 final-stage base: plain minbase (the image copies ca-certificates and tini in).
if $arm64; then
  if podman image exists "$RUNTIME_BASE_ARM64"; then
    echo "podman-setup: $RUNTIME_BASE_ARM64 exists"
  else
    sh "$(dirname "$0")/binfmt-aarch64.sh"
    root=$work/rootfs-arm64
    # mmdebstrap: apt downloads and unpacks natively, only maintainer scripts run under qemu. Measured
    # at load ~27 on 2 shared cores: 42 min; debootstrap --foreign and its fully emulated second
    # stage were slower. Once per machine: the image is cached like the amd64 bases.
    step "mmdebstrap --architectures=arm64 --variant=minbase bookworm (maintainer scripts under qemu)"
    mmdebstrap --mode=root --variant=minbase --architectures=arm64 --format=directory bookworm "$root" "$MIRROR" \
      >"$work/mmdebstrap-arm64.log" 2>&1 || { tail -20 "$work/mmdebstrap-arm64.log" >&2; exit 1; }
    slim "$root"
    import "$root" "$RUNTIME_BASE_ARM64" --arch arm64 --change 'CMD ["bash"]'
    done_step
  fi
fi
podman image ls --filter reference=localhost/hearth-base
