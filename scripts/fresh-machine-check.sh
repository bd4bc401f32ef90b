#!/usr/bin/env bash
# Proves the README's promise to a newcomer: on a fresh Debian 12 machine with nothing but Node 20
# and a C++ toolchain, a fresh clone passes `npm install && npm test`.
#
# It builds such a machine once as a chroot with debootstrap (cached, reused by later runs), copies
# in this host's Node, clones the repository into it afresh, and runs the two commands there as
# root with a clean environment. Needs root on the host (debootstrap, mount, chroot).
#
#   sudo scripts/fresh-machine-check.sh [--root DIR] [--rebuild] [REPOSITORY [REF]]
#
# REPOSITORY defaults to the one this script sits in, REF to HEAD, DIR to
# /var/tmp/broadsheet-fresh-root. Exits with the status of `npm install && npm test`.
set -euo pipefail

usage() {
  echo "usage: sudo $0 [--root DIR] [--rebuild] [REPOSITORY [REF]]" >&2
  exit 2
}

root=/var/tmp/broadsheet-fresh-root
rebuild=false
positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=${2:?--root needs a directory}; shift 2 ;;
    --root=*) root=${1#--root=}; shift ;;
    --rebuild) rebuild=true; shift ;;
    -h | --help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) positional+=("$1"); shift ;;
  esac
done
[ ${#positional[@]} -le 2 ] || usage
repo=${positional[0]:-$(git -C "$(dirname "$0")" rev-parse --show-toplevel)}
ref=${positional[1]:-HEAD}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ "$(id -u)" -ne 0 ]; then
  echo "Run as root (debootstrap, mount and chroot need it): sudo $0 $*" >&2
  exit 2
fi
root=$(realpath -m "$root")
repo=$(realpath "$repo")
commit=$(git -C "$repo" rev-parse --verify "$ref^{commit}")

# Exactly what the README asks of a newcomer's machine, on top of Debian's smallest base: the
# C++ toolchain that compiles better-sqlite3, and git to clone with. Node comes from the host.
packages=python3,make,g++,git,ca-certificates
complete_marker=.broadsheet-fresh-root

mounts_under() {
  awk -v dir="$1" '$2 == dir || index($2, dir "/") == 1 { print $2 }' /proc/self/mounts
}

remove_tree() {
  if [ -n "$(mounts_under "$1")" ]; then
    echo "Refusing to delete $1: something is still mounted under it:" >&2
    mounts_under "$1" >&2
    exit 1
  fi
  rm -rf --one-file-system "$1"
}

build_root() {
  if ! command -v debootstrap >/dev/null 2>&1; then
    echo "Installing debootstrap on the host"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  # Built beside its final place and moved there only when complete, so an interrupted build is
  # never mistaken for a cached root.
  local partial="$root.partial"
  remove_tree "$partial"
  echo "Building a Debian 12 root in $root (minbase + $packages) from $mirror"
  debootstrap --variant=minbase --include="$packages" bookworm "$partial" "$mirror"
  # A Debian installation names localhost in /etc/hosts; minbase leaves the file out.
  grep -qs localhost "$partial/etc/hosts" || printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$partial/etc/hosts"
  touch "$partial/$complete_marker"
  mv "$partial" "$root"
}

# The host's Node, laid out as Node's own packages lay it out (binary, npm, C headers), so the root
# runs the same Node the host does. Copied on every run: a Node upgrade on the host reaches the root.
install_node() {
  local node prefix
  node=$(readlink -f "$(command -v node)")
  prefix=$(dirname "$(dirname "$node")")
  for needed in "$prefix/lib/node_modules/npm/bin/npm-cli.js" "$prefix/include/node/node.h"; do
    [ -e "$needed" ] || { echo "Host Node at $node has no $needed" >&2; exit 1; }
  done
  install -m 755 "$node" "$root/usr/bin/node"
  mkdir -p "$root/usr/lib/node_modules" "$root/usr/include"
  rm -rf "$root/usr/lib/node_modules/npm" "$root/usr/include/node"
  cp -a "$prefix/lib/node_modules/npm" "$root/usr/lib/node_modules/npm"
  cp -a "$prefix/include/node" "$root/usr/include/node"
  ln -sfn ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/bin/npm"
  ln -sfn ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/bin/npx"
  cat >"$root/root/.npmrc" <<'EOF'
# better-sqlite3 falls back to compiling itself with node-gyp when it cannot fetch its prebuilt
# binary from GitHub, and node-gyp then downloads Node's C headers from nodejs.org. Where neither
# host is reachable (only Debian's mirrors and the npm registry are), node-gyp uses the headers
# Node's package installs in /usr/include/node instead. The host's ~/.npmrc says the same.
nodedir=/usr
EOF
  trust_host_certificate_authorities
}

# A host behind a TLS-intercepting proxy trusts the proxy's authority through Debian's place for
# local authorities; the root must trust it too to reach the npm registry. npm reads the system
# bundle only when told to (Node carries its own list). On an ordinary host there is nothing to copy.
trust_host_certificate_authorities() {
  local local_authorities=/usr/local/share/ca-certificates
  compgen -G "$local_authorities/*.crt" >/dev/null || return 0
  mkdir -p "$root$local_authorities"
  cp "$local_authorities"/*.crt "$root$local_authorities/"
  local output
  output=$(chroot "$root" /usr/sbin/update-ca-certificates 2>&1) || { echo "$output" >&2; exit 1; }
  cat >>"$root/root/.npmrc" <<'EOF'
# This host reaches the registry through a proxy whose authority is in the system bundle only.
cafile=/etc/ssl/certs/ca-certificates.crt
EOF
}

# Each run starts as a newcomer's machine does: no clone, no npm cache, no node-gyp cache.
fresh_clone() {
  remove_tree "$root/root/broadsheet"
  rm -rf "$root/root/.npm" "$root/root/.cache" "$root"/tmp/* "$root"/tmp/.[!.]*
  git clone --quiet --no-hardlinks --no-checkout "$repo" "$root/root/broadsheet"
  if ! git -C "$root/root/broadsheet" cat-file -e "$commit^{commit}" 2>/dev/null; then
    git -C "$root/root/broadsheet" fetch --quiet "$repo" "$commit"
  fi
  git -C "$root/root/broadsheet" checkout --quiet --detach "$commit"
}

mounted=()
mount_into_root() {
  local target="$root$1"
  shift
  mount "$@" "$target"
  mounted+=("$target")
}

# Processes left behind in the root (a browser a failed test did not close) would keep its mounts
# busy; they are all children of this run.
stop_leftovers() {
  local pid
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$root" ] && kill -9 "$pid" 2>/dev/null || true
  done
}

cleanup() {
  stop_leftovers
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}"
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$SECONDS
if $rebuild && [ -e "$root" ]; then
  [ -e "$root/$complete_marker" ] || { echo "$root was not built by this script; not deleting it" >&2; exit 1; }
  remove_tree "$root"
fi
if [ ! -e "$root/$complete_marker" ]; then
  if [ -e "$root" ] && [ -n "$(ls -A "$root")" ]; then
    echo "$root exists but is not a root built by this script; remove it or pass --root" >&2
    exit 1
  fi
  rmdir "$root" 2>/dev/null || true
  build_root
fi
root_seconds=$((SECONDS - started))
if [ -n "$(mounts_under "$root")" ]; then
  echo "Something is already mounted under $root (another run, or one killed outright):" >&2
  mounts_under "$root" >&2
  echo "If no run is going on, unmount them: umount -R $root/dev $root/sys $root/proc" >&2
  exit 1
fi

install_node
fresh_clone
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount_into_root /proc -t proc proc
mount_into_root /sys -t sysfs -o ro sysfs
mount_into_root /dev --bind /dev
# Chromium keeps its shared memory in /dev/shm; a fresh machine gives every user a writable one.
mount_into_root /dev/shm -t tmpfs -o mode=1777,nosuid,nodev shm
mount_into_root /dev/pts -t devpts -o newinstance,ptmxmode=0666 devpts

log="$root/var/log/fresh-machine-check.log"
: >"$log"
# A clean login's environment; C.UTF-8 is the UTF-8 locale Debian has without the locales package.
# Run in the background and waited for, because bash handles a TERM only between commands and a
# test run is one long command.
in_root() {
  local pid
  {
    chroot "$root" /usr/bin/env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash LANG=C.UTF-8 \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      /bin/bash -c "cd /root/broadsheet && $1" 2>&1 | tee -a "$log"
    exit "${PIPESTATUS[0]}"
  } &
  pid=$!
  wait "$pid"
}

echo "Checking $(git -C "$repo" log -1 --format='%h %s' "$commit") in $root ($(in_root 'node --version'))"
status=0
phase_started=$SECONDS
in_root 'npm install' || status=$?
install_seconds=$((SECONDS - phase_started))
test_seconds=0
if [ "$status" -eq 0 ]; then
  phase_started=$SECONDS
  in_root 'npm test' || status=$?
  test_seconds=$((SECONDS - phase_started))
fi

echo
echo "== fresh-machine check of $commit"
echo "Debian root: ${root_seconds}s$([ "$root_seconds" -gt 0 ] || echo ' (cached)'), npm install: ${install_seconds}s, npm test: ${test_seconds}s (log: $log)"
grep -a '^Tests: ' "$log" | tail -n 1 || echo "No 'Tests:' line: the run stopped before the tests (exit $status)"
exit "$status"
