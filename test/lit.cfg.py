# lit configuration for the threads-tidy suite. The generated
# lit.site.cfg.py sets the tool paths of one LLVM major, then loads this file.
import glob
import os
import shutil

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

config.name = "threads-tidy (LLVM %s, %s)" % (config.llvm_major, mode)
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".cpp", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "check_tidy.py", "corpus"]

# FileCheck, not and count of the same major; never whatever is on PATH.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", "")])
# No stray .clang-tidy or .clang-format of the user may change results.
config.environment["CLANG_NO_DEFAULT_CONFIG"] = "1"
for var in ("CPATH", "CPLUS_INCLUDE_PATH", "C_INCLUDE_PATH"):
    config.environment.pop(var, None)

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
