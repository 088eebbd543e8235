# install and package: `cmake --install build/llvm-N [--prefix P]` and
# `cpack` in a build folder (a .deb named threads-tidy-N per LLVM major).
#
# Layout under the prefix (/usr for the .deb), next to Debian's own LLVM so
# that the binaries find clang's builtin headers in lib/llvm-N/lib/clang and
# several majors install side by side:
#   lib/llvm-N/lib/libThreadsTidy.so          the plugin (clang-tidy-N --load)
#   lib/llvm-N/bin/threads-tidy, threads-clangd
#   bin/threads-tidy-N, bin/threads-clangd-N  symlinks to them
#   lib/cmake/threads-tidy-N/                 threads-tidy-config.cmake
#   share/threads-tidy-N/                     SARIF converter, CI gate script, hook
#   share/doc/threads-tidy-N/                 README and docs
include(CMakePackageConfigHelpers)


set(THREADS_TIDY_INSTALL_LIBDIR "lib/llvm-${THREADS_TIDY_LLVM_MAJOR}/lib")
set(THREADS_TIDY_INSTALL_TOOLDIR "lib/llvm-${THREADS_TIDY_LLVM_MAJOR}/bin")
set(THREADS_TIDY_INSTALL_CMAKEDIR "lib/cmake/threads-tidy-${THREADS_TIDY_LLVM_MAJOR}")
set(THREADS_TIDY_INSTALL_DATADIR "share/threads-tidy-${THREADS_TIDY_LLVM_MAJOR}")
set(THREADS_TIDY_INSTALL_DOCDIR "share/doc/threads-tidy-${THREADS_TIDY_LLVM_MAJOR}")
set(THREADS_TIDY_CLANG_TIDY "${LLVM_TOOLS_BINARY_DIR}/clang-tidy")

install(TARGETS ThreadsTidy LIBRARY DESTINATION "${THREADS_TIDY_INSTALL_LIBDIR}")
foreach(_tool IN ITEMS threads-tidy threads-clangd)
  if(TARGET ${_tool})
    install(TARGETS ${_tool} RUNTIME DESTINATION "${THREADS_TIDY_INSTALL_TOOLDIR}")
    # bin/<tool>-N -> ../lib/llvm-N/bin/<tool>, as Debian does for clang-tidy-N.
    set(_link "${CMAKE_BINARY_DIR}/install-links/${_tool}-${THREADS_TIDY_LLVM_MAJOR}")
    file(MAKE_DIRECTORY "${CMAKE_BINARY_DIR}/install-links")
    file(CREATE_LINK "../${THREADS_TIDY_INSTALL_TOOLDIR}/${_tool}" "${_link}" SYMBOLIC)
    install(FILES "${_link}" DESTINATION bin)
  endif()
endforeach()

configure_file(cmake/threads-tidy-config.cmake.in
  "${CMAKE_BINARY_DIR}/threads-tidy-config.cmake" @ONLY)
# find_package(threads-tidy 19) picks the package built for LLVM 19.
write_basic_package_version_file("${CMAKE_BINARY_DIR}/threads-tidy-config-version.cmake"
  VERSION "${LLVM_PACKAGE_VERSION}" COMPATIBILITY SameMajorVersion ARCH_INDEPENDENT)
install(FILES "${CMAKE_BINARY_DIR}/threads-tidy-config.cmake"
              "${CMAKE_BINARY_DIR}/threads-tidy-config-version.cmake"
        DESTINATION "${THREADS_TIDY_INSTALL_CMAKEDIR}")

install(PROGRAMS tools/clang-tidy-to-sarif.py tools/run-clang-tidy-shard.py
                 examples/ci/threads-tidy-diff.sh examples/ci/pre-commit
        DESTINATION "${THREADS_TIDY_INSTALL_DATADIR}")
install(FILES examples/ci/github-actions.yml examples/ci/github-actions-matrix.yml
        DESTINATION "${THREADS_TIDY_INSTALL_DATADIR}")
install(FILES README.md DESTINATION "${THREADS_TIDY_INSTALL_DOCDIR}")
install(DIRECTORY docs/ DESTINATION "${THREADS_TIDY_INSTALL_DOCDIR}")

# --- CPack: one .deb per LLVM major ----------------------------------------
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "threads-tidy-${THREADS_TIDY_LLVM_MAJOR}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "threads-tidy")
set(CPACK_PACKAGE_CONTACT "threads-tidy developers <dev@threads-tidy.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "clang-tidy checks for C/C++ concurrency bugs (LLVM ${THREADS_TIDY_LLVM_MAJOR})")
set(CPACK_PACKAGE_DESCRIPTION
  "threads-* checks finding locks never released, unstoppable or unbounded threads and
per-iteration resources released too late: a plugin for clang-tidy-${THREADS_TIDY_LLVM_MAJOR}
(libThreadsTidy.so), the standalone threads-tidy-${THREADS_TIDY_LLVM_MAJOR} and threads-clangd-${THREADS_TIDY_LLVM_MAJOR},
a SARIF converter and CI gate scripts.")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# .symtab only: .dynsym (what --load of other plugins needs) stays.
set(CPACK_STRIP_FILES TRUE)
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "clang-tidy-${THREADS_TIDY_LLVM_MAJOR}, libclang-cpp${THREADS_TIDY_LLVM_MAJOR}, libllvm${THREADS_TIDY_LLVM_MAJOR}, libclang-common-${THREADS_TIDY_LLVM_MAJOR}-dev")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.invalid/threads-tidy")
include(CPack)
