#!/usr/bin/env bash
# Starts, stops and reports the two real builders the conformance recordings come from:
#   - dockerd 20.10 (BuildKit) on its own socket and data root under $LAYERPLAN_BUILDERS_DIR (default /tmp/d),
#     vfs storage, no bridge/iptables: builds run with --network none;
#   - buildah 1.28 (vfs storage, chroot isolation).
# Both get the base image busybox:local, made from the host's static busybox (no registry is reachable).
# Idempotent: `start` reuses a running dockerd and existing images.
# usage: test/conformance/builders.sh start|stop|status|env
#   env prints the variables a caller needs (DOCKER_HOST=...), one per line.
set -euo pipefail

DIR=${LAYERPLAN_BUILDERS_DIR:-/tmp/d}
SOCK="$DIR/docker.sock"
DOCKER=/usr/bin/docker # Debian's 20.10 client; another `docker` may come earlier on PATH
export DOCKER_HOST="unix://$SOCK"
BUSYBOX_APPLETS="sh cat ls echo cp mv rm mkdir touch test true false env id chmod chown wc sleep tar grep sed
  stat find head tail sort md5sum sha256sum printf whoami pwd ln date readlink dirname basename cut tr uname"

die() { echo "builders.sh: $*" >&2; exit 1; }

need_tools() {
  local missing=()
  [ -x "$DOCKER" ] || missing+=("$DOCKER (apt-get install docker.io)")
  command -v dockerd >/dev/null || missing+=("dockerd (apt-get install docker.io)")
  command -v buildah >/dev/null || missing+=("buildah (apt-get install buildah)")
  [ -x /bin/busybox ] || missing+=("/bin/busybox (apt-get install busybox-static)")
  if [ ${#missing[@]} -gt 0 ]; then
    die "real builders are not installed here; missing: ${missing[*]}"
  fi
}

docker_up() { [ -S "$SOCK" ] && "$DOCKER" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# A minimal root file system: static busybox plus the applets the recorded scenarios use.
make_rootfs() {
  local root="$DIR/rootfs"
  [ -x "$root/bin/busybox" ] && return 0
  mkdir -p "$root/bin" "$root/etc" "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for a in $BUSYBOX_APPLETS; do ln -sf busybox "$root/bin/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"$root/etc/group"
}

start_dockerd() {
  if docker_up; then return 0; fi
  mkdir -p "$DIR"
  rm -f "$SOCK"
  nohup dockerd --storage-driver=vfs --iptables=false --ip-masq=false --bridge=none \
    --data-root "$DIR/root" --exec-root "$DIR/exec" --pidfile "$DIR/dockerd.pid" \
    -H "unix://$SOCK" >"$DIR/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do
    docker_up && return 0
    sleep 0.5
  done
  tail -n 20 "$DIR/dockerd.log" >&2
  die "dockerd did not come up within 30s (log: $DIR/dockerd.log)"
}

docker_base() {
  "$DOCKER" image inspect busybox:local >/dev/null 2>&1 && return 0
  tar -C "$DIR/rootfs" -c . | "$DOCKER" import - busybox:local >/dev/null
}

# Creates localhost/busybox:local in the buildah store given by the extra arguments (e.g. --root X --runroot Y),
# so the recorder can give each scenario a store of its own.
buildah_base() {
  local b=(buildah --storage-driver vfs "$@")
  "${b[@]}" inspect --type image localhost/busybox:local >/dev/null 2>&1 && return 0
  local c
  c=$("${b[@]}" from scratch)
  "${b[@]}" copy "$c" "$DIR/rootfs/" / >/dev/null
  "${b[@]}" commit --quiet "$c" localhost/busybox:local >/dev/null
  "${b[@]}" rm "$c" >/dev/null
}

status() {
  local ok=0
  if docker_up; then
    echo "dockerd: running ($("$DOCKER" version --format '{{.Server.Version}}'), $SOCK)"
    "$DOCKER" image inspect busybox:local >/dev/null 2>&1 && echo "dockerd: busybox:local present" || { echo "dockerd: busybox:local missing"; ok=1; }
  else
    echo "dockerd: not running"; ok=1
  fi
  if command -v buildah >/dev/null; then
    echo "buildah: $(buildah --version)"
    buildah --storage-driver vfs inspect --type image localhost/busybox:local >/dev/null 2>&1 \
      && echo "buildah: localhost/busybox:local present" || { echo "buildah: localhost/busybox:local missing"; ok=1; }
  else
    echo "buildah: not installed"; ok=1
  fi
  return $ok
}

case "${1:-}" in
  start)
    need_tools
    make_rootfs
    start_dockerd
    docker_base
    shift
    buildah_base "$@"
    status
    ;;
  stop)
    if [ -f "$DIR/dockerd.pid" ] && kill -0 "$(cat "$DIR/dockerd.pid")" 2>/dev/null; then
      kill "$(cat "$DIR/dockerd.pid")"
      for _ in $(seq 1 40); do kill -0 "$(cat "$DIR/dockerd.pid")" 2>/dev/null || break; sleep 0.5; done
      echo "dockerd: stopped"
    else
      echo "dockerd: not running (no live $DIR/dockerd.pid)"
    fi
    ;;
  status) status ;;
  buildah-base) shift; need_tools; make_rootfs; buildah_base "$@" ;;
  env) echo "DOCKER_HOST=$DOCKER_HOST" ;;
  *) echo "usage: $0 start|stop|status|env|buildah-base [buildah store flags]" >&2; exit 2 ;;
esac
