# lit configuration for the threads-tidy suite. The generated
# lit.site.cfg.py sets the tool paths of one LLVM major, then loads this file.
import glob
import os

import lit.formats

config.name = "threads-tidy (LLVM %s)" % config.llvm_major
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

runner = os.path.join(config.test_source_root, "check_tidy.py")
check_tidy = "%s %s --clang-tidy=%s --plugin=%s --clang=%s --filecheck=%s" % (
    config.python_executable, runner, config.clang_tidy, config.plugin,
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
config.substitutions.append(
    ("%clang_tidy_plugin", "%s --load=%s" % (config.clang_tidy, config.plugin)))
config.substitutions.append(("%clang_tidy", config.clang_tidy))
config.substitutions.append(("%other_plugin", other_plugin))
config.substitutions.append(("%plugin", config.plugin))
config.substitutions.append(("%clang", config.clang))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%llvm_major", config.llvm_major))

config.available_features.add("llvm-%s" % config.llvm_major)
if config.has_libcxx:
    config.available_features.add("libcxx")
