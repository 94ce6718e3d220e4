#!/usr/bin/env bash
# Proves the Debian package on a clean Debian 12: builds the .deb (cpack), copies a minbase root made
# by debootstrap from Debian's mirror (made once and cached in BUILD_DIR/package-smoke/), copies the
# .deb and scripts/install-deb-and-run.sh into it, and runs that script there by chroot: apt
# installs the package with its dependencies, antom-sim starts with nothing from the source tree
# and answers a signed pay. The Dockerfile runs the same script. Needs root (debootstrap, chroot).
#   scripts/package-smoke.sh [BUILD_DIR]     (default: build)
#   MIRROR=http://... overrides the Debian mirror (default: deb.debian.org, as in /etc/apt/sources.list)
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
mirror=${MIRROR:-http://deb.debian.org/debian}
cache=$build/package-smoke
step() { echo "package-smoke: $*"; }
fail() { echo "package-smoke: FAILED: $*" >&2; exit 1; }

[[ $(id -u) == 0 ]] || fail "needs root (debootstrap and chroot); run it as root or skip it with PACKAGE_SMOKE=0"
for tool in debootstrap cpack chroot; do
  command -v "$tool" >/dev/null || fail "$tool not found (scripts/setup.sh --tests installs it)"
done

step "cpack -G DEB in $build"
rm -f "$build"/package/antom-sim_*.deb
(cd "$build" && cpack -G DEB >/dev/null) || fail "cpack could not build the package (is $build built?)"
debs=("$build"/package/antom-sim_*_*.deb)
[[ -f ${debs[0]} ]] || fail "cpack made no antom-sim_<version>_<arch>.deb in $build/package"
deb=${debs[0]}
step "built $(basename "$deb") (Depends: $(dpkg-deb -f "$deb" Depends))"

pristine=$cache/bookworm-minbase
if [[ ! -f $pristine/.complete ]]; then
  step "debootstrap --variant=minbase bookworm from $mirror (once; cached in $pristine)"
  rm -rf "$pristine"
  mkdir -p "$cache"
  debootstrap --variant=minbase bookworm "$pristine" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
    { tail -20 "$cache/debootstrap.log" >&2; fail "debootstrap failed (log: $cache/debootstrap.log); is $mirror reachable?"; }
  touch "$pristine/.complete"
fi

root=$cache/root
umount "$root/dev/pts" "$root/proc" 2>/dev/null || true
for m in "$root/proc" "$root/dev/pts"; do
  ! mountpoint -q "$m" || fail "$m is still mounted from an earlier run and cannot be unmounted; unmount it by hand"
done
rm -rf "$root"
cp -a "$pristine" "$root"
cleanup() { umount "$root/dev/pts" "$root/proc" 2>/dev/null || true; }
trap cleanup EXIT
mount -t proc proc "$root/proc"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"   # apt logs through a pty
cp /etc/resolv.conf "$root/etc/resolv.conf"
echo "deb $mirror bookworm main" >"$root/etc/apt/sources.list"
mkdir -p "$root/smoke"
cp "$deb" scripts/install-deb-and-run.sh "$root/smoke/"

step "chroot $root: install the package and make a signed pay"
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
  ANTOM_EXPECTED_SCENARIOS="$(ls scenarios/catalog/*.json | wc -l)" \
  bash /smoke/install-deb-and-run.sh "/smoke/$(basename "$deb")" ||
  fail "the package did not install or run in a clean Debian 12 root (messages above; root kept in $root)"
cleanup
rm -rf "$root"
step "OK: $(basename "$deb") installs on a clean Debian 12 and answers a signed pay"
