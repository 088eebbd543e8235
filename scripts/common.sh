# Shared by scripts/run-examples.sh and scripts/run-tests.sh: install what is
# missing (Debian/Ubuntu), then configure and build one plugin per LLVM major.
# shellcheck shell=bash

THREADS_TIDY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Real headers that some lit tests need (REQUIRES: windows-headers, openmp,
# absl, gsl in test/lit.cfg.py): MinGW-w64's <windows.h>, an <omp.h> (Debian's
# default libomp-dev; the libomp-N-dev packages conflict with each other, so
# lit.cfg.py lets every major use whichever one is installed), Abseil, GSL.
THREADS_TIDY_TEST_HEADER_PACKAGES="mingw-w64-x86-64-dev libomp-dev libabsl-dev libmsgsl-dev"
# Installing libomp-dev would remove another installed libomp-N-dev: keep that.
if dpkg-query -W -f='${Status}\n' 'libomp-*-dev' 2>/dev/null | grep -q "install ok installed"; then
  THREADS_TIDY_TEST_HEADER_PACKAGES=${THREADS_TIDY_TEST_HEADER_PACKAGES/libomp-dev /}
fi

# Packages one LLVM major needs: the clang-tidy the plugin runs in, its
# headers and CMake package, clang for compiling fixed files, lit/FileCheck,
# and the real headers of the optional tests.
packages_for_major() {
  local n=$1
  echo "clang-$n clang-tidy-$n clang-tools-$n libclang-$n-dev llvm-$n-dev llvm-$n-tools $THREADS_TIDY_TEST_HEADER_PACKAGES"
}

# install_packages PKG...: apt-get installs the ones not installed yet, with
# sudo when not root.
install_packages() {
  local missing=()
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "threads-tidy: installing ${missing[*]}" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# build_major N: configure (once) and build build/llvm-N/libThreadsTidy.so.
build_major() {
  local n=$1
  local dir="$THREADS_TIDY_ROOT/build/llvm-$n"
  if [ ! -f "$dir/build.ninja" ]; then
    mkdir -p "$dir"
    cmake -S "$THREADS_TIDY_ROOT" -B "$dir" -G Ninja \
      -DLLVM_ROOT="/usr/lib/llvm-$n" \
      -DCMAKE_CXX_COMPILER="/usr/lib/llvm-$n/bin/clang++" \
      -DTHREADS_TIDY_WERROR=ON >"$dir.configure.log" 2>&1 \
      || { cat "$dir.configure.log" >&2; return 1; }
    grep "threads-tidy:" "$dir.configure.log" >&2 || true
  fi
  ninja -C "$dir" -j "${THREADS_TIDY_JOBS:-2}" >&2
}
