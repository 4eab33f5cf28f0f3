#!/usr/bin/env bash
# Launch Werkbank in a real X window under Xvfb (software GL via Mesa) and screenshot it.
# Usage: .ci/screenshot.sh BINARY OUT.png [ARGS...]
# env: SETTLE=secs (3), WINDOW_NAME (window title, "Werkbank"), SCREEN (1400x860x24)
# Needs: xvfb xdotool imagemagick (x11-utils for xdpyinfo is in the image)
set -euo pipefail
BIN=${1:?binary}; OUT=${2:?out.png}; shift 2
LOG=$(mktemp /tmp/app-log.XXXXXX); XLOG=$(mktemp /tmp/xvfb-log.XXXXXX); DFILE=$(mktemp /tmp/xvfb-display.XXXXXX)
XVFB_PID= APP_PID=
# Keep the user's settings and demo untouched.
SANDBOX=$(mktemp -d /tmp/werkbank-shot.XXXXXX)
export XDG_CONFIG_HOME=$SANDBOX/config XDG_DATA_HOME=$SANDBOX/data HOME=$SANDBOX WERKBANK_CODER=${WERKBANK_CODER:-Anna}
cleanup() { [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null; [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null; rm -rf "$SANDBOX" "$DFILE"; true; }
trap cleanup EXIT
# Xvfb picks a free display itself (-displayfd: no :99 collisions) and writes its number to a file
# of our own; its PID comes from $! here, so nothing depends on which of two writers to a shared pipe
# comes first. The display counts as up only when a client (xdpyinfo) has connected to it; a server
# that never gets there is stopped and started again, and after three tries its log is printed.
start_xvfb() {
  : >"$DFILE"
  Xvfb -displayfd 3 -screen 0 "${SCREEN:-1400x860x24}" -nolisten tcp 3>"$DFILE" >>"$XLOG" 2>&1 &
  XVFB_PID=$!
  for _ in $(seq 1 100); do
    DNUM=$(head -n 1 "$DFILE")
    if [ -n "$DNUM" ] && xdpyinfo -display ":$DNUM" >/dev/null 2>&1; then return 0; fi
    kill -0 "$XVFB_PID" 2>/dev/null || return 1
    sleep 0.1
  done
  kill "$XVFB_PID" 2>/dev/null; wait "$XVFB_PID" 2>/dev/null; return 1
}
up=
for _ in 1 2 3; do if start_xvfb; then up=1; break; fi; done
if [ -z "$up" ]; then echo "Xvfb did not start a display:" >&2; cat "$XLOG" >&2; exit 1; fi
export DISPLAY=:$DNUM
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp/xdg-$UID}; mkdir -p -m 700 "$XDG_RUNTIME_DIR"
"$BIN" "$@" >"$LOG" 2>&1 &
APP_PID=$!
for i in $(seq 1 100); do xdotool search --name "${WINDOW_NAME:-Werkbank}" >/dev/null 2>&1 && break; sleep 0.1; done
sleep "${SETTLE:-3}"
if [ -n "${ACTIONS:-}" ]; then eval "$ACTIONS"; sleep 1; fi
if ! kill -0 "$APP_PID" 2>/dev/null; then echo "app died:" >&2; cat "$LOG" >&2; exit 1; fi
import -window root "$OUT"
echo "screenshot: $OUT (DISPLAY=:$DNUM, app log: $LOG)"
