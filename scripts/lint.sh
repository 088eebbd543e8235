#!/usr/bin/env bash
# Lints the project's own C++ (checks/, clang-plugin/): clang-format in
# dry-run mode and clang-tidy with the root .clang-tidy, both from LLVM 19.
set -euo pipefail
source "$(dirname "$0")/common.sh"
install_packages cmake ninja-build ccache clang-format-19 $(packages_for_major 19)
build_major 19
cd "$THREADS_TIDY_ROOT"
mapfile -t sources < <(git ls-files 'checks/*.cpp' 'checks/*.h' 'clang-plugin/*.cpp' 'clang-plugin/*.h' 2>/dev/null \
  || find checks clang-plugin -name '*.cpp' -o -name '*.h')
/usr/lib/llvm-19/bin/clang-format --dry-run -Werror "${sources[@]}"
cpp=()
for s in "${sources[@]}"; do [[ $s == *.cpp ]] && cpp+=("$s"); done
status=0
# One clang-tidy per core; xargs exits non-zero when any of them fails.
printf '%s\0' "${cpp[@]}" | xargs -0 -P "$(nproc)" -n 6 \
  /usr/lib/llvm-19/bin/clang-tidy -p build/llvm-19 --quiet >build/lint.log 2>&1 || status=$?
grep -v "warnings\? generated\|^\[[0-9]*/[0-9]*\] Processing" build/lint.log || true
[ "$status" -eq 0 ] || { echo "lint: clang-tidy found problems" >&2; exit "$status"; }
echo "lint: ${#sources[@]} files clean"
