#!/bin/sh
# threads-tidy on the lines a change touches, as a CI gate or a pre-commit
# hook. Exit status: 0 no threads-* finding on changed lines, 1 findings (or a
# clang-tidy failure), 2 usage error.
#
#   threads-tidy-diff.sh --cached      # staged changes (pre-commit hook)
#   threads-tidy-diff.sh origin/main   # everything since the merge base (CI)
#
# Settings (environment):
#   THREADS_TIDY_MAJOR   LLVM major (default 19)
#   THREADS_TIDY_BIN     a threads-tidy binary
#   THREADS_TIDY_PLUGIN  libThreadsTidy.so, run in clang-tidy-MAJOR with -load
#   (neither set: threads-tidy-MAJOR or threads-tidy from PATH, else the
#   plugin the .deb installs, /usr/lib/llvm-MAJOR/lib/libThreadsTidy.so)
#   THREADS_TIDY_BUILD   folder with compile_commands.json (default: build)
#   THREADS_TIDY_CHECKS  checks to run (default: -*,threads-*)
#   THREADS_TIDY_SARIF   also write the findings there as SARIF 2.1.0
#   THREADS_TIDY_TO_SARIF  clang-tidy-to-sarif.py (default: the .deb's path)
#   THREADS_TIDY_PREFIX  where the .deb's files are (default /usr)
#
# --cached checks what is staged, not the working tree: files whose working
# copy differs from the index are shown to clang-tidy with their staged
# content (a --vfsoverlay), so a finding staged and fixed only in the
# working tree still refuses the commit, and the working tree is not touched.
set -eu

[ $# -eq 1 ] || { echo "usage: $0 --cached | BASE_REF" >&2; exit 2; }
major=${THREADS_TIDY_MAJOR:-19}
llvm=/usr/lib/llvm-$major
diff_script=$llvm/share/clang/clang-tidy-diff.py
[ -f "$diff_script" ] || { echo "threads-tidy-diff: $diff_script missing (clang-tidy-$major)" >&2; exit 2; }

bin=${THREADS_TIDY_BIN:-}
if [ -z "$bin" ] && [ -z "${THREADS_TIDY_PLUGIN:-}" ]; then
  bin=$(command -v "threads-tidy-$major" || command -v threads-tidy || true)
fi
if [ -n "$bin" ]; then
  tidy="-clang-tidy-binary $bin"
else
  plugin=${THREADS_TIDY_PLUGIN:-$llvm/lib/libThreadsTidy.so}
  [ -f "$plugin" ] || { echo "threads-tidy-diff: no threads-tidy binary and no $plugin" >&2; exit 2; }
  tidy="-clang-tidy-binary $llvm/bin/clang-tidy -load $plugin"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A config of its own: findings become errors (the exit status), and the
# project's .clang-tidy cannot switch the gate off.
cat >"$tmp/gate.clang-tidy" <<CONFIG
Checks: '${THREADS_TIDY_CHECKS:--*,threads-*}'
WarningsAsErrors: 'threads-*'
CONFIG

if [ "$1" = "--cached" ]; then
  git diff -U0 --no-color --cached >"$tmp/change.diff"
  # Every tracked file whose working copy is not what is staged (the staged
  # files themselves, and headers they include) is overlaid with its index
  # version. clang-tidy-diff passes no clang-tidy option through, so a small
  # wrapper adds --vfsoverlay.
  top=$(git rev-parse --show-toplevel)
  mkdir "$tmp/index"
  git diff --name-only -z >"$tmp/unstaged.list"
  if [ -s "$tmp/unstaged.list" ]; then
    git checkout-index -z --prefix="$tmp/index/" --stdin <"$tmp/unstaged.list"
    python3 - "$top" "$tmp/index" "$tmp/unstaged.list" >"$tmp/overlay.yaml" <<'PY'
import json, os, sys
top, index, names = sys.argv[1], sys.argv[2], open(sys.argv[3], "rb").read()
roots = []
for name in names.decode("utf-8", "surrogateescape").split("\0"):
    staged = os.path.join(index, name)
    if name and os.path.isfile(staged):
        roots.append({"type": "file", "name": os.path.join(top, name),
                      "external-contents": staged})
json.dump({"version": 0, "case-sensitive": "true", "roots": roots}, sys.stdout)
PY
    real_tidy=${bin:-$llvm/bin/clang-tidy}
    cat >"$tmp/clang-tidy" <<WRAPPER
#!/bin/sh
exec "$real_tidy" --vfsoverlay="$tmp/overlay.yaml" "\$@"
WRAPPER
    chmod +x "$tmp/clang-tidy"
    if [ -n "$bin" ]; then
      tidy="-clang-tidy-binary $tmp/clang-tidy"
    else
      tidy="-clang-tidy-binary $tmp/clang-tidy -load $plugin"
    fi
  fi
else
  git diff -U0 --no-color "$(git merge-base "$1" HEAD)" >"$tmp/change.diff"
fi

build=${THREADS_TIDY_BUILD:-build}
path_arg=""
[ -f "$build/compile_commands.json" ] && path_arg="-path $build"
export_arg=""
[ -n "${THREADS_TIDY_SARIF:-}" ] && export_arg="-export-fixes $tmp/fixes.yaml"

status=0
# shellcheck disable=SC2086 # $tidy, $path_arg and $export_arg are word lists
python3 "$diff_script" -p1 $tidy $path_arg $export_arg -quiet \
  -config-file "$tmp/gate.clang-tidy" <"$tmp/change.diff" || status=$?

if [ -n "${THREADS_TIDY_SARIF:-}" ]; then
  to_sarif=${THREADS_TIDY_TO_SARIF:-${THREADS_TIDY_PREFIX:-/usr}/share/threads-tidy-$major/clang-tidy-to-sarif.py}
  if [ -f "$tmp/fixes.yaml" ]; then
    python3 "$to_sarif" --base-dir "$(git rev-parse --show-toplevel)" \
      --tool-name threads-tidy -o "$THREADS_TIDY_SARIF" "$tmp/fixes.yaml"
  else
    # No file changed that clang-tidy looks at: an empty, valid log.
    python3 "$to_sarif" --tool-name threads-tidy -o "$THREADS_TIDY_SARIF" /dev/null
  fi
fi
[ "$status" -eq 0 ] || exit 1
