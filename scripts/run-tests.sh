#!/usr/bin/env bash
# Builds the plugin (and, when the static clang-tidy libraries are installed,
# the standalone threads-tidy and threads-clangd) for every tested LLVM major
# (19 and 22 by default) and runs the lit suite of each: once through the
# plugin and once through bin/threads-tidy when it was built, then the
# GoogleTest unit tests of the shared analyses (bin/threads-tidy-unittests).
# Ends with one line "N passed, N failed" summing all runs.
# Usage: scripts/run-tests.sh [major ...]
set -euo pipefail
source "$(dirname "$0")/common.sh"

MAJORS=("$@")
[ ${#MAJORS[@]} -gt 0 ] || MAJORS=(19 22)

pkgs=(cmake ninja-build ccache python3 libgtest-dev libc++-19-dev libc++abi-19-dev)
for n in "${MAJORS[@]}"; do
  # shellcheck disable=SC2207
  pkgs+=($(packages_for_major "$n"))
done
# Debian's libc++-N-dev packages conflict with each other: if another one is
# installed, keep it and let the libc++ tests report themselves unsupported.
if dpkg-query -W -f='${Status} ${Package}\n' 'libc++-*-dev' 2>/dev/null \
    | grep "install ok installed" | grep -vq "libc++-19-dev"; then
  pkgs=("${pkgs[@]/libc++-19-dev/}")
  pkgs=("${pkgs[@]/libc++abi-19-dev/}")
fi
# shellcheck disable=SC2068
install_packages ${pkgs[@]}

for n in "${MAJORS[@]}"; do
  build_major "$n"
done
# node + ajv + the SARIF 2.1.0 schema for test/gate/sarif-schema.test; without
# them (no network) that one test reports itself unsupported.
bash "$THREADS_TIDY_ROOT/scripts/sarif-validator.sh" \
  || echo "threads-tidy: SARIF validator not installed; sarif-schema.test is unsupported" >&2

LIT=""
for n in "${MAJORS[@]}"; do
  for cand in "/usr/lib/llvm-$n/bin/lit" "/usr/lib/llvm-$n/build/utils/lit/lit.py"; do
    [ -z "$LIT" ] && [ -f "$cand" ] && LIT=$cand
  done
done
[ -n "$LIT" ] || { echo "threads-tidy: lit not found (llvm-N-tools)" >&2; exit 1; }

passed=0 failed=0 unsupported=0 runs=()
for n in "${MAJORS[@]}"; do
  modes=(plugin)
  [ -x "$THREADS_TIDY_ROOT/build/llvm-$n/bin/threads-tidy" ] && modes+=(binary)
  for mode in "${modes[@]}"; do
    log="$THREADS_TIDY_ROOT/build/llvm-$n/lit-$mode.log"
    runs+=("$n/$mode")
    set +e
    # The plugin run also checks every parent-index answer against clang's
    # own map (test/lit.cfg.py, verify_parents).
    verify=0
    [ "$mode" = plugin ] && verify=1
    python3 "$LIT" -sv --param threads_tidy_mode="$mode" --param verify_parents=$verify \
      "$THREADS_TIDY_ROOT/build/llvm-$n/test" 2>&1 | tee "$log"
    set -e
    count() { sed -n "s/^ *$1 *: *\([0-9][0-9]*\).*/\1/p" "$log" | tail -n 1; }
    p=$(count Passed); f=$(count Failed); u=$(count Unsupported)
    x=$(count "Unexpectedly Passed"); t=$(count "Timed Out")
    if [ -z "$p$f" ]; then
      echo "threads-tidy: the LLVM $n suite ($mode) did not report results" >&2
      failed=$((failed + 1))
    fi
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0} + ${x:-0} + ${t:-0}))
    unsupported=$((unsupported + ${u:-0}))
  done
done
for n in "${MAJORS[@]}"; do
  unit="$THREADS_TIDY_ROOT/build/llvm-$n/bin/threads-tidy-unittests"
  runs+=("$n/unit")
  if [ ! -x "$unit" ]; then
    echo "threads-tidy: $unit was not built (libgtest-dev missing?)" >&2
    failed=$((failed + 1))
    continue
  fi
  log="$THREADS_TIDY_ROOT/build/llvm-$n/unit.log"
  set +e
  "$unit" 2>&1 | tee "$log"
  set -e
  p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | tail -n 1)
  f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | tail -n 1)
  if [ -z "$p$f" ]; then
    echo "threads-tidy: the LLVM $n unit tests did not report results" >&2
    failed=$((failed + 1))
  fi
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
echo "LLVM majors: ${MAJORS[*]}; runs: ${runs[*]}; unsupported: $unsupported"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
