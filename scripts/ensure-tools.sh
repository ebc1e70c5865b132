#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for the tests, and nothing else:
#   - Debian's chromium at /usr/bin/chromium (browser tests; never `npx playwright install`,
#     no browser download host is reachable, see ../shared/TECH-NOTES.md)
#   - the PostgreSQL server binaries initdb/pg_ctl (the PostgreSQL test run, scripts/pg-throwaway.ts)
#   - at least one font, so that pages render text (axe's colour-contrast check needs glyphs)
#
# Usage: scripts/ensure-tools.sh [chromium] [postgres]   (no argument: both)
# Idempotent and silent when everything is there. Runs apt-get as root, through `sudo -n` when
# that works, and otherwise says what is missing and exits 1.
set -euo pipefail

want_chromium=0
want_postgres=0
if [ $# -eq 0 ]; then
  want_chromium=1
  want_postgres=1
fi
for arg in "$@"; do
  case "$arg" in
    chromium) want_chromium=1 ;;
    postgres) want_postgres=1 ;;
    -h | --help)
      awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
      exit 0
      ;;
    *)
      echo "ensure-tools: unknown argument '$arg' (expected: chromium, postgres)" >&2
      exit 2
      ;;
  esac
done

have_pg_binaries() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && return 0
  done
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1
}

have_fonts() {
  # fc-list comes with chromium's dependency fontconfig; without it, look for font files.
  if command -v fc-list >/dev/null 2>&1; then
    [ -n "$(fc-list 2>/dev/null | head -n 1)" ]
  else
    [ -n "$(find /usr/share/fonts -type f \( -name '*.ttf' -o -name '*.otf' \) 2>/dev/null | head -n 1)" ]
  fi
}

packages=()
if [ "$want_chromium" = 1 ]; then
  [ -x /usr/bin/chromium ] || packages+=(chromium)
  have_fonts || packages+=(fonts-dejavu-core fonts-liberation)
fi
if [ "$want_postgres" = 1 ]; then
  # The package may also create a default cluster of its own; the tests never use it.
  have_pg_binaries || packages+=(postgresql)
fi

[ ${#packages[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  {
    echo "ensure-tools: missing for the tests: ${packages[*]}"
    echo "  Install them as root:  apt-get update && apt-get install -y ${packages[*]}"
    echo "  (or run only what needs no extra tools: npm test -- --engine pglite --no-e2e)"
  } >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-tools: missing ${packages[*]}, and this is no Debian system (no apt-get): install them by hand." >&2
  exit 1
fi

echo "ensure-tools: installing ${packages[*]} (once) ..."
start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
# Another apt run on the machine holds the lock for a while: wait for it instead of failing.
apt_opts=(-o DPkg::Lock::Timeout=300 -o Acquire::Retries=3)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { "${as_root[@]}" apt-get "${apt_opts[@]}" update &&
  "${as_root[@]}" apt-get "${apt_opts[@]}" install -y --no-install-recommends "${packages[@]}"; } </dev/null >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "ensure-tools: apt-get failed (output above)" >&2
  exit 1
fi

missing=()
if [ "$want_chromium" = 1 ] && [ ! -x /usr/bin/chromium ]; then missing+=(/usr/bin/chromium); fi
if [ "$want_postgres" = 1 ] && ! have_pg_binaries; then missing+=(initdb/pg_ctl); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "ensure-tools: still missing after apt-get install: ${missing[*]}" >&2
  exit 1
fi
echo "ensure-tools: done in $(($(date +%s) - start)) s"
