#!/usr/bin/env bash
# install-go.sh — install the Debian Go toolchains used to build trace fixtures
# (Go 1.19, 1.21, 1.22, 1.23, 1.26 under /usr/lib/go-1.NN). Installs as root
# (through sudo when run as another user).
# Idempotent and fast when everything is present: apt is only touched for
# missing toolchains, and `apt-get update` only runs when a package has no
# install candidate yet.
#
#   scripts/install-go.sh            # all toolchains
#   scripts/install-go.sh 1.26 1.22  # only these (1.26 also gets golang-1.26-src)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED_ENABLE="$ROOT/../shared/corpus/apt/enable-go-sources.sh"
ALL_VERSIONS="1.26 1.22 1.23 1.21 1.19"
VERSIONS="${*:-$ALL_VERSIONS}"

log() { printf '[install-go] %s\n' "$*" >&2; }

for v in $VERSIONS; do
  [[ "$v" =~ ^1\.[0-9]+$ ]] || { log "bad version '$v' (want e.g. 1.26)"; exit 2; }
done

# Packages (with optional /suite) for one toolchain version.
pkgs_of() {
  case "$1" in
  1.26) echo "golang-1.26-go/sid golang-1.26-src/sid" ;;
  *) echo "golang-$1-go" ;;
  esac
}

# A toolchain is present when its go binary exists (and, for 1.26, its sources:
# the trace tool and Go's own tracev1 test data live there).
present() {
  [ -x "/usr/lib/go-$1/bin/go" ] || return 1
  [ "$1" != 1.26 ] || [ -e "/usr/lib/go-1.26/src/runtime/proc.go" ]
}

# Write the extra suites + low pins ourselves (same result as the shared script).
enable_sources_embedded() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $3 ~ /^bookworm/ {print $2; exit}' /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || { log "cannot find the Debian archive URI in /etc/apt"; exit 1; }
  cat > /etc/apt/sources.list.d/go-extra.sources <<SRC
Types: deb
URIs: $uri
Suites: bookworm-backports trixie sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  cat > /etc/apt/preferences.d/go-extra <<PIN
Package: *
Pin: release n=trixie
Pin-Priority: 100

Package: *
Pin: release n=sid
Pin-Priority: 50
PIN
}

sources_enabled() {
  grep -qs 'sid' /etc/apt/sources.list.d/go-extra.sources && [ -f /etc/apt/preferences.d/go-extra ]
}

# True when apt knows a candidate for every package named (suffix /suite ignored).
have_candidates() {
  local p cand
  for p in "$@"; do
    cand=$(apt-cache policy "${p%%/*}" 2>/dev/null | awk '/Candidate:/ {print $2; exit}')
    [ -n "$cand" ] && [ "$cand" != "(none)" ] || return 1
  done
}

missing=()
for v in $VERSIONS; do
  if ! present "$v"; then
    read -ra p <<<"$(pkgs_of "$v")"
    missing+=("${p[@]}")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    # Installing needs root: go through sudo when there is one.
    command -v sudo >/dev/null || { log "must run as root to install: ${missing[*]}"; exit 1; }
    exec sudo bash "${BASH_SOURCE[0]}" "$@"
  fi
  updated=0
  if ! sources_enabled; then
    if [ -f "$SHARED_ENABLE" ]; then
      log "enabling Go suites via $SHARED_ENABLE"
      sh "$SHARED_ENABLE" # also runs apt-get update
      updated=1
    else
      log "enabling Go suites (bookworm-backports, trixie pin 100, sid pin 50)"
      enable_sources_embedded
    fi
  fi
  if [ $updated = 0 ] && ! have_candidates "${missing[@]}"; then
    log "apt-get update"
    apt-get update -qq
  fi
  log "installing: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

rc=0
for v in $VERSIONS; do
  if present "$v"; then
    printf 'go%s\t%s\t%s\n' "$v" "/usr/lib/go-$v/bin/go" "$("/usr/lib/go-$v/bin/go" version | awk '{print $3}')"
  else
    printf 'go%s\tMISSING\n' "$v"
    rc=1
  fi
done
exit $rc
