#!/usr/bin/env bash
# Base images for the integration tests and the image benchmark, built without any registry:
#   cdg-fixture/busybox:1      busybox-static imported with `docker import` (seconds)
#   cdg-fixture/debian:bookworm debootstrap --variant=minbase (real setuid binaries and account files)
# Cached: an image already in the engine is not rebuilt. SKIP_DEBIAN_FIXTURE=1 skips the Debian one.
set -euo pipefail
have() { docker image inspect "$1" >/dev/null 2>&1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/cdg-fixtures.XXXXXX")
trap 'rm -rf "$work"' EXIT

if ! have cdg-fixture/busybox:1; then
  root="$work/busybox"
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root"
  cp "$(command -v busybox)" "$root/bin/busybox"
  for applet in sh ls cat echo chmod chown mkdir rm id adduser addgroup touch ln cp mv seq dd head printf true false find sed; do
    ln -sf busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  printf 'root:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n' >"$root/etc/shadow"
  chmod 640 "$root/etc/shadow"
  chmod 1777 "$root/tmp"
  tar -C "$root" -c . | docker import -c 'ENV PATH=/bin' - cdg-fixture/busybox:1 >/dev/null
  echo "fixtures: built cdg-fixture/busybox:1"
fi

if [ "${SKIP_DEBIAN_FIXTURE:-}" != 1 ] && ! have cdg-fixture/debian:bookworm; then
  if command -v debootstrap >/dev/null 2>&1; then
    root="$work/debian"
    if debootstrap --variant=minbase bookworm "$root" >"$work/debootstrap.log" 2>&1; then
      rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
      tar -C "$root" -c . | docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' -c 'CMD ["bash"]' - cdg-fixture/debian:bookworm >/dev/null
      echo "fixtures: built cdg-fixture/debian:bookworm"
    else
      echo "fixtures: debootstrap failed (tests that need cdg-fixture/debian:bookworm will fail); log:"
      tail -5 "$work/debootstrap.log"
    fi
  fi
fi
