#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: xvfb-run-test.sh PROGRAM [ARGS...]
#
# Runs PROGRAM with an X display and returns its exit status; its stdout (TAP) passes through
# untouched. When DISPLAY is unset (or SL_TEST_FORCE_XVFB is set) it starts a private
# `Xvfb -displayfd` on a free display number (screen 1280x800x24, size from SL_TEST_SCREEN),
# exports DISPLAY, forces GDK_BACKEND=x11 and GTK_A11Y=none (no accessibility bus under
# tests), runs PROGRAM, then stops Xvfb, also when the test is interrupted or times out.
set -u

if [ $# -lt 1 ]; then
  echo "usage: $0 PROGRAM [ARGS...]" >&2
  exit 2
fi

export GDK_BACKEND=x11
export GTK_A11Y="${GTK_A11Y:-none}"
unset WAYLAND_DISPLAY

if [ -n "${DISPLAY:-}" ] && [ -z "${SL_TEST_FORCE_XVFB:-}" ]; then
  exec "$@"
fi

if ! command -v Xvfb >/dev/null 2>&1; then
  echo "$0: Xvfb is not installed (apt-get install xvfb)" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sl-xvfb.XXXXXX") || exit 1
xvfb_pid=
cleanup () {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# Xvfb writes the display number to fd 3 once it accepts connections.
Xvfb -displayfd 3 -screen 0 "${SL_TEST_SCREEN:-1280x800x24}" -nolisten tcp -noreset \
  3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!

tries=0
while ! grep -q '^[0-9]' "$tmp/display" 2>/dev/null; do
  if ! kill -0 "$xvfb_pid" 2>/dev/null || [ $tries -ge 100 ]; then
    echo "$0: Xvfb did not start:" >&2
    cat "$tmp/xvfb.log" >&2
    exit 1
  fi
  tries=$((tries + 1))
  sleep 0.1
done

DISPLAY=":$(head -n 1 "$tmp/display")"
export DISPLAY

"$@"
status=$?
exit $status
