#!/usr/bin/env bash
# Run `make test` as a machine with only Python and pip would: in a fresh clone of this
# checkout's branch, with the docker CLI, dockerd, busybox, docker-registry, chromium and
# configurable-http-proxy hidden, no engine socket, and no network but loopback while the tests run.
#
#   sudo tests/python-only.sh            # needs root: it makes private mount and net namespaces
#   KEEP=1 sudo tests/python-only.sh     # keep the scratch folder (clone, .venv, log) afterwards
#
# How: inside `unshare -m`, each bin folder holding a binary to hide is covered (mount --bind)
# by a copy of itself made of links to everything else; /run/docker.sock is covered by
# /dev/null. `make venv` then installs from the package index as usual; `make test` runs inside
# `unshare -n` (loopback only), so no test can reach the lab, an engine or the internet.
# Nothing outside the namespaces changes: the real engine and lab keep running.
set -euo pipefail

HIDE=(docker dockerd busybox docker-registry chromium configurable-http-proxy)
BIN_DIRS=(/usr/bin /usr/sbin /usr/local/bin /bin /sbin)

if [ "${1:-}" != "--inside" ]; then
  [ "$(id -u)" = 0 ] || { echo "python-only.sh: run it as root (it uses unshare -m and -n)"; exit 2; }
  REPO=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
  exec unshare -m --propagation private "$0" --inside "$REPO"
fi
REPO=$2
SCRATCH=$(mktemp -d /tmp/wintut-python-only.XXXXXX)
chmod 755 "$SCRATCH"  # the class tests' learners (other users) run this clone's wintut
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$SCRATCH"' EXIT

# Cover each bin folder (once per real folder: /bin is often a link to /usr/bin).
declare -A covered=()
for dir in "${BIN_DIRS[@]}"; do
  real=$(readlink -f "$dir" 2>/dev/null) || continue
  [ -d "$real" ] && [ -z "${covered[$real]:-}" ] || continue
  covered[$real]=1
  found=0
  for name in "${HIDE[@]}"; do [ -e "$real/$name" ] && found=1; done
  [ "$found" = 1 ] || continue
  shadow="$SCRATCH/shadow$real"
  mkdir -p "$shadow"
  if [ "$(stat -c %d "$real")" = "$(stat -c %d "$SCRATCH")" ]; then
    cp -a --link "$real/." "$shadow/"  # hard links: programs still find their own prefix
  else
    origin="$SCRATCH/origin$real"     # another route to the originals, for the symlinks
    mkdir -p "$origin" && mount --bind "$real" "$origin"
    for entry in "$real"/* "$real"/.[!.]*; do
      [ -e "$entry" ] || [ -L "$entry" ] || continue
      ln -s "$origin/$(basename "$entry")" "$shadow/$(basename "$entry")"
    done
  fi
  for name in "${HIDE[@]}"; do rm -f "$shadow/$name"; done
  mount --bind "$shadow" "$real"
  echo "== hid ${HIDE[*]} in $real"
done
if [ -S /run/docker.sock ] || [ -e /run/docker.sock ]; then
  mount --bind /dev/null /run/docker.sock
fi
for name in "${HIDE[@]}"; do
  if command -v "$name" >/dev/null; then echo "still visible: $(command -v "$name")"; exit 1; fi
done

export DOCKER_HOST="unix://$SCRATCH/no-engine/docker.sock"  # a socket that does not exist
export WINTUT_HOME="$SCRATCH/home" DOCKER_CONFIG="$SCRATCH/docker-config"  # no contexts
mkdir -p "$DOCKER_CONFIG"
unset CI DOCKER_CONTEXT WINTUT_SIMULATE WINTUT_LAB_REGISTRY

branch=$(git -C "$REPO" rev-parse --abbrev-ref HEAD)
git clone -q --no-hardlinks --branch "$branch" "$REPO" "$SCRATCH/wintut"
cd "$SCRATCH/wintut"
echo "== fresh clone of $branch at $(git rev-parse --short HEAD) in $PWD"

start=$(date +%s)
make venv >"$SCRATCH/venv.log" 2>&1 || { tail -30 "$SCRATCH/venv.log"; exit 1; }
made=$(date +%s)
echo "== make venv: $((made - start)) s"

# The tests: loopback only.
set +e
unshare -n sh -c 'ip link set lo up 2>/dev/null; make test' 2>&1 | tee "$SCRATCH/test.log"
status=${PIPESTATUS[0]}
set -e
done_at=$(date +%s)
echo "== make test: $((done_at - made)) s (with make venv: $((done_at - start)) s), exit $status"
grep -E "^(notebooks ran on|skipped for want of)|[0-9]+ (passed|failed|skipped)" \
  "$SCRATCH/test.log" | tail -4
[ "${KEEP:-}" = 1 ] && echo "== kept $SCRATCH"
exit "$status"
