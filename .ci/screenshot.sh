#!/usr/bin/env bash
# Launch Werkbank in a real X window under Xvfb (software GL via Mesa) and screenshot it.
# Usage: .ci/screenshot.sh BINARY OUT.png [ARGS...]
# env: SETTLE=secs (3), WINDOW_NAME (window title, "Werkbank"), SCREEN (1400x860x24)
# Needs: xvfb xdotool imagemagick (x11-utils for xdpyinfo is in the image)
set -euo pipefail
BIN=${1:?binary}; OUT=${2:?out.png}; shift 2
LOG=$(mktemp /tmp/app-log.XXXXXX)
# -displayfd: Xvfb picks a free display number and writes it to fd 3 (no :99 collisions)
exec 3< <(Xvfb -displayfd 1 -screen 0 "${SCREEN:-1400x860x24}" -nolisten tcp 2>/dev/null & echo "PID $!")
read -r _ XVFB_PID <&3; read -r DNUM <&3
export DISPLAY=:$DNUM
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp/xdg-$UID}; mkdir -p -m 700 "$XDG_RUNTIME_DIR"
# Keep the user's settings and demo untouched.
SANDBOX=$(mktemp -d /tmp/werkbank-shot.XXXXXX)
export XDG_CONFIG_HOME=$SANDBOX/config XDG_DATA_HOME=$SANDBOX/data HOME=$SANDBOX WERKBANK_CODER=${WERKBANK_CODER:-Anna}
APP_PID=
cleanup() { [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null; kill "$XVFB_PID" 2>/dev/null; rm -rf "$SANDBOX"; true; }
trap cleanup EXIT
for i in $(seq 1 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
"$BIN" "$@" >"$LOG" 2>&1 &
APP_PID=$!
for i in $(seq 1 100); do xdotool search --name "${WINDOW_NAME:-Werkbank}" >/dev/null 2>&1 && break; sleep 0.1; done
sleep "${SETTLE:-3}"
if [ -n "${ACTIONS:-}" ]; then eval "$ACTIONS"; sleep 1; fi
if ! kill -0 "$APP_PID" 2>/dev/null; then echo "app died:" >&2; cat "$LOG" >&2; exit 1; fi
import -window root "$OUT"
echo "screenshot: $OUT (DISPLAY=:$DNUM, app log: $LOG)"
