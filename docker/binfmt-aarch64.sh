#!/bin/sh
# Lets this amd64 machine run arm64 programs under qemu user emulation (as root; idempotent):
# mounts binfmt_misc and registers Debian's qemu-aarch64 entry (package qemu-user-static). The
# entry's F flag makes the kernel open the emulator at registration, so it also works inside
# containers and chroots that do not contain it (the arm64 image, debootstrap's second stage).
set -eu
conf=/usr/lib/binfmt.d/qemu-aarch64.conf

if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
fi
if [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  grep -q '^flags: .*F' /proc/sys/fs/binfmt_misc/qemu-aarch64 && exit 0
  # Registered without F (by hand, or an older package): re-register so containers can use it.
  echo -1 >/proc/sys/fs/binfmt_misc/qemu-aarch64
fi
if [ ! -f "$conf" ]; then
  echo "binfmt-aarch64: $conf missing: apt-get install qemu-user-static" >&2
  exit 1
fi
entry=$(grep -v '^#' "$conf" | grep -v '^$')
case "${entry##*:}" in  # the flags, the last field
  *F*) ;;
  *) entry="${entry}F" ;;
esac
printf '%s' "$entry" >/proc/sys/fs/binfmt_misc/register
