# lit configuration for the threads-tidy suite. The generated
# lit.site.cfg.py sets the tool paths of one LLVM major, then loads this file.
import glob
import os
import shutil
import subprocess

import lit.formats

# Which clang-tidy runs the checks: "plugin" (default) is the stock
# clang-tidy with --load=libThreadsTidy.so; "binary" is the standalone
# threads-tidy with the checks linked in (`lit --param threads_tidy_mode=binary`).
mode = lit_config.params.get("threads_tidy_mode", "plugin")
if mode not in ("plugin", "binary"):
    lit_config.fatal("threads_tidy_mode must be 'plugin' or 'binary', not %r" % mode)
if mode == "binary" and not (config.threads_tidy and os.path.exists(config.threads_tidy)):
    lit_config.fatal("threads_tidy_mode=binary needs bin/threads-tidy: configure with "
                     "-DTHREADS_TIDY_STANDALONE=ON and build the 'threads-tidy' target")

# `lit --param verify_parents=1`: every answer of the parent index is
# compared with clang's whole-translation-unit map (checks/analysis/
# ParentIndex.cpp); the runner fails a test on any difference. One full run
# per major in CI uses it (scripts/run-tests.sh, plugin mode).
verify_parents = lit_config.params.get("verify_parents", "0") not in ("", "0")
if verify_parents:
    config.environment["THREADS_TIDY_VERIFY_PARENTS"] = "1"

config.name = "threads-tidy (LLVM %s, %s%s)" % (
    config.llvm_major, mode, ", verify parents" if verify_parents else "")
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".cpp", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "check_tidy.py", "corpus", "unit"]

# FileCheck, not and count of the same major; never whatever is on PATH.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", "")])
# No stray .clang-tidy or .clang-format of the user may change results.
config.environment["CLANG_NO_DEFAULT_CONFIG"] = "1"
for var in ("CPATH", "CPLUS_INCLUDE_PATH", "C_INCLUDE_PATH"):
    config.environment.pop(var, None)
# The build tests (test/install/readme-build.test) use the developer's ccache
# and job limit, as scripts/common.sh does.
for var in ("HOME", "CCACHE_DIR", "CCACHE_CONFIGPATH", "THREADS_TIDY_JOBS"):
    if os.environ.get(var):
        config.environment[var] = os.environ[var]

if mode == "binary":
    tidy_under_test, plugin_under_test = config.threads_tidy, ""
    tidy_with_checks = config.threads_tidy
else:
    tidy_under_test, plugin_under_test = config.clang_tidy, config.plugin
    tidy_with_checks = "%s --load=%s" % (config.clang_tidy, config.plugin)

runner = os.path.join(config.test_source_root, "check_tidy.py")
check_tidy = "%s %s --clang-tidy=%s --plugin=%s --clang=%s --filecheck=%s" % (
    config.python_executable, runner, tidy_under_test, plugin_under_test,
    config.clang, os.path.join(config.llvm_tools_dir, "FileCheck"))

# The plugin built for the other installed major, for the version-guard test.
other_plugin = ""
build_parent = os.path.dirname(config.build_root)
for candidate in sorted(glob.glob(os.path.join(build_parent, "llvm-*", "libThreadsTidy.so"))):
    if os.path.dirname(candidate) != config.build_root:
        other_plugin = candidate
        config.available_features.add("other-major-plugin")
        break

config.substitutions.append(("%check_tidy", check_tidy))
# %clang_tidy_plugin: whichever clang-tidy has the checks in this mode.
config.substitutions.append(("%clang_tidy_plugin", tidy_with_checks))
config.substitutions.append(("%clang_tidy", config.clang_tidy))
config.substitutions.append(("%other_plugin", other_plugin))
config.substitutions.append(("%plugin", config.plugin))
config.substitutions.append(("%clang", config.clang))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%llvm_major", config.llvm_major))
# CI gate recipes (test/gate): the wrapper scripts take a clang-tidy binary
# and, in plugin mode, -load.
config.substitutions.append(("%tidy_exe", tidy_under_test))
# Settings of examples/ci/threads-tidy-diff.sh for this mode.
config.substitutions.append(
    ("%hook_env", "THREADS_TIDY_MAJOR=%s %s" % (
        config.llvm_major, "THREADS_TIDY_BIN=" + config.threads_tidy if mode == "binary"
        else "THREADS_TIDY_PLUGIN=" + config.plugin)))
config.substitutions.append(("%build_root", config.build_root))
if shutil.which("dpkg-deb"):
    config.available_features.add("dpkg-deb")
if shutil.which("git"):
    config.available_features.add("git")
# GCC, for the test that configure refuses it (test/install/gcc-refused.test).
if shutil.which("g++"):
    config.available_features.add("gxx")
config.substitutions.append(("%llvm_root", os.path.dirname(config.llvm_tools_dir)))
config.substitutions.append(
    ("%tidy_load", "-load=%s" % plugin_under_test if plugin_under_test else ""))
llvm_share = os.path.join(os.path.dirname(config.llvm_tools_dir), "share", "clang")
config.substitutions.append(
    ("%tidy_diff_script", os.path.join(llvm_share, "clang-tidy-diff.py")))
config.substitutions.append(
    ("%run_tidy_script", os.path.join(config.llvm_tools_dir, "run-clang-tidy")))
config.substitutions.append(
    ("%apply_replacements",
     os.path.join(config.llvm_tools_dir, "clang-apply-replacements")))
config.substitutions.append(
    ("%sarif_converter", os.path.join(config.source_root, "tools", "clang-tidy-to-sarif.py")))
config.substitutions.append(
    ("%shard_script", os.path.join(config.source_root, "tools", "run-clang-tidy-shard.py")))
# SARIF schema validation uses node with ajv and the SARIF 2.1.0 schema from
# npm, installed into build/npm by scripts/sarif-validator.sh.
npm_dir = os.path.join(config.source_root, "build", "npm")
config.substitutions.append(("%npm_dir", npm_dir))
if shutil.which("node") and os.path.exists(
        os.path.join(npm_dir, "node_modules", "ajv", "package.json")):
    config.available_features.add("sarif-validator")
config.substitutions.append(("%threads_tidy", config.threads_tidy))
config.substitutions.append(("%threads_clangd", config.threads_clangd))
config.substitutions.append(("%llvm_tools_dir", config.llvm_tools_dir))

config.available_features.add("llvm-%s" % config.llvm_major)
config.available_features.add("%s-mode" % mode)
if config.threads_tidy and os.path.exists(config.threads_tidy):
    config.available_features.add("threads-tidy-binary")
if config.threads_clangd and os.path.exists(config.threads_clangd):
    config.available_features.add("threads-clangd")
if config.has_libcxx:
    config.available_features.add("libcxx")

# Optional real headers of other platforms and libraries, probed with this
# major's clang: a test that needs one says `REQUIRES: <feature>` and reports
# itself unsupported where the package is missing (scripts/common.sh and
# .ci/run install them from Debian).

def compiles(source, flags, language):
    """Whether `source` passes `clang -fsyntax-only` with `flags`."""
    try:
        result = subprocess.run(
            [config.clang, "-fsyntax-only", "-x", language] + flags + ["-"],
            input=source.encode(), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


# windows-headers: MinGW-w64's <windows.h> (mingw-w64-x86-64-dev). Clang finds
# it for the mingw target only next to a MinGW gcc, so the folder is passed.
mingw_flags = ""
for include in ("/usr/x86_64-w64-mingw32/include", "/usr/share/mingw-w64/include"):
    flags = ["--target=x86_64-w64-mingw32", "-isystem", include]
    if os.path.exists(os.path.join(include, "windows.h")) and compiles(
            "#include <windows.h>\nSRWLOCK L = SRWLOCK_INIT;\n", flags, "c"):
        mingw_flags = " ".join(flags)
        config.available_features.add("windows-headers")
        break
config.substitutions.append(("%mingw_flags", mingw_flags))

# openmp: a real <omp.h>. Debian's libomp-N-dev packages conflict with each
# other, so only one LLVM major has it in its resource folder; the others use
# the installed one (libomp-dev's, or GCC's libgomp one) after their own
# builtin headers. The lock API is the same in every OpenMP 4.5+ <omp.h>.
openmp_flags = ""
omp_probe = "#include <omp.h>\nomp_lock_t L;\nomp_nest_lock_t N;\n"
omp_candidates = [[]] + [
    ["-idirafter", os.path.dirname(header)]
    for header in sorted(glob.glob("/usr/lib/llvm-*/lib/clang/*/include/omp.h"), reverse=True)
    + sorted(glob.glob("/usr/lib/gcc/*/*/include/omp.h"), reverse=True)]
for extra in omp_candidates:
    flags = ["-fopenmp"] + extra
    if compiles(omp_probe, flags, "c"):
        openmp_flags = " ".join(flags)
        config.available_features.add("openmp")
        break
config.substitutions.append(("%openmp_flags", openmp_flags))

# absl: Abseil's headers (libabsl-dev); gsl: the Microsoft GSL (libmsgsl-dev).
if compiles("#include <absl/cleanup/cleanup.h>\n#include <absl/synchronization/mutex.h>\n",
            ["-std=c++17"], "c++"):
    config.available_features.add("absl")
if compiles("#include <gsl/util>\n", ["-std=c++17"], "c++"):
    config.available_features.add("gsl")
