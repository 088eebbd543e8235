#!/usr/bin/env bash
# Builds the plugin if needed, then runs clang-tidy with every threads-*
# check over the bundled examples/ service and prints the findings.
# Usage: scripts/run-examples.sh [LLVM major, default 19]
set -euo pipefail
source "$(dirname "$0")/common.sh"

MAJOR=${1:-19}
# shellcheck disable=SC2046
install_packages cmake ninja-build ccache python3 $(packages_for_major "$MAJOR")
build_major "$MAJOR"

TIDY=/usr/lib/llvm-$MAJOR/bin/clang-tidy
PLUGIN=$THREADS_TIDY_ROOT/build/llvm-$MAJOR/libThreadsTidy.so
cd "$THREADS_TIDY_ROOT/examples"
status=0
for f in *.cpp *.c; do
  [ -e "$f" ] || continue
  case "$f" in
    *.c) flags=(-std=c17 -pthread) ;;
    *) flags=(-std=c++20 -pthread) ;;
  esac
  echo "== examples/$f"
  "$TIDY" --load="$PLUGIN" --checks='-*,threads-*' --quiet "$f" -- "${flags[@]}" 2>&1 \
    | grep -Ev "^[0-9]+ warnings? generated" || true
done
exit $status
