#!/usr/bin/env python3
# Part of threads-tidy, under the Apache License v2.0 with LLVM Exceptions.
"""Real-code harness for threads-tidy over a pinned Debian source corpus.

Subcommands (each takes --work-dir, default build/corpus, and selects
packages with --ring 1|2|all, default 1, or --packages a,b):
  fetch     enable deb-src, apt-get source the pinned packages, install the
            -dev packages, configure each package and write deduplicated
            compile databases plus the CI slice database; re-running skips
            what is already done
  run       clang-tidy with the plugin and -checks=-*,threads-* over every TU
            of the selected packages (or --compile-commands PATH), two at a
            time; writes a JSON result; exits non-zero on any crash
  overhead  CPU time of clang-tidy with and without the module on the same
            TUs, alternating, >= 3 rounds; per-check profile; markdown table
  fixes     apply -fix / --fix-notes on a copy of the sources for every TU
            with a fix-it, recompile, rerun (idempotence)
  ci        the CI slice: findings == test/corpus/expected-findings.txt, zero
            crashes, every fix compiles (--update-expected regenerates)
  sweep     crash sweep over clang's own front-end tests (with vs without
            the plugin)

Python 3 standard library only. Heavy steps run under `nice -n 10`.
"""

import argparse
import concurrent.futures
import glob
import hashlib
import json
import os
import platform
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SLICE_FILE = os.path.join(HERE, "slice.txt")
EXPECTED_FILE = os.path.join(HERE, "expected-findings.txt")
NICE = ["nice", "-n", "10"]

DEV_PACKAGES = [
    "dpkg-dev", "cmake", "ninja-build", "bear", "libevent-dev", "libfmt-dev",
    "libev-dev", "libc-ares-dev", "libssl-dev", "zlib1g-dev", "libbrotli-dev",
    "libgtest-dev", "libgmock-dev",
]
# What the ring-2 configure steps need on top (installed only when a ring-2
# package is selected).
RING2_DEV_PACKAGES = [
    "meson", "pkg-config", "bison", "flex", "autoconf", "automake",
    "libtool", "libltdl-dev",
    "libexpat1-dev", "libcjson-dev", "uuid-dev", "libpcre3-dev",
    "libpcre2-dev", "libffi-dev", "libmount-dev", "libabsl-dev",
    "libprotobuf-dev", "libprotoc-dev", "protobuf-compiler", "libre2-dev",
    "libestr-dev", "libfastjson-dev", "libuv1-dev", "libcap-dev",
    "libnghttp2-dev", "libsndfile1-dev", "libspeexdsp-dev", "libdbus-1-dev",
    "libtdb-dev", "liburcu-dev", "liblmdb-dev", "libgnutls28-dev",
    "libedit-dev", "libcap-ng-dev", "libjson-c-dev", "libglib2.0-dev",
]

# Ring 1: name -> (pinned version, build kind, extra configure arguments).
RING1 = {
    "leveldb": ("1.23-4", "cmake", [
        "-DLEVELDB_BUILD_TESTS=ON", "-DLEVELDB_BUILD_BENCHMARKS=OFF"]),
    "spdlog": ("1:1.10.0+ds-0.4", "cmake", [
        "-DSPDLOG_FMT_EXTERNAL=ON", "-DSPDLOG_BUILD_EXAMPLE=ON",
        "-DSPDLOG_BUILD_TESTS=OFF", "-DSPDLOG_BUILD_BENCH=OFF"]),
    "zeromq3": ("4.3.4-6", "cmake", [
        "-DWITH_LIBSODIUM=OFF", "-DENABLE_CURVE=OFF", "-DWITH_DOCS=OFF",
        "-DBUILD_TESTS=ON", "-DWITH_PERF_TOOL=ON", "-DENABLE_DRAFTS=OFF",
        "-DWITH_OPENPGM=OFF", "-DWITH_NORM=OFF", "-DWITH_VMCI=OFF",
        "-DENABLE_WS=OFF", "-DWITH_LIBBSD=OFF", "-DENABLE_PRECOMPILED=OFF"]),
    "memcached": ("1.6.18-1", "autotools", []),
    "cpp-httplib": ("0.11.4+ds-1+deb12u1", "manual", []),
    "libuv1": ("1.44.2-1+deb12u1", "cmake", [
        "-DLIBUV_BUILD_TESTS=ON", "-DLIBUV_BUILD_BENCH=OFF"]),
    "nghttp2": ("1.52.0-1+deb12u3", "cmake", [
        "-DENABLE_APP=ON", "-DENABLE_HPACK_TOOLS=OFF", "-DENABLE_EXAMPLES=OFF",
        "-DWITH_JEMALLOC=OFF", "-DWITH_LIBXML2=OFF",
        "-DENABLE_PYTHON_BINDINGS=OFF", "-DWITH_MRUBY=OFF",
        "-DWITH_NEVERBLEED=OFF", "-DENABLE_HTTP3=OFF", "-DENABLE_DOC=OFF"]),
    "onetbb": ("2021.8.0-2+deb12u1", "cmake", [
        "-DTBB_TEST=ON", "-DTBB_EXAMPLES=OFF", "-DTBB_STRICT=OFF",
        "-DTBB_DISABLE_HWLOC_AUTOMATIC_SEARCH=ON", "-DTBBMALLOC_BUILD=ON",
        "-DTBB_ENABLE_IPO=OFF"]),
    "rocksdb": ("7.8.3-2", "cmake", [
        "-DWITH_GFLAGS=OFF", "-DWITH_TESTS=OFF", "-DWITH_TOOLS=OFF",
        "-DWITH_CORE_TOOLS=OFF", "-DWITH_BENCHMARK_TOOLS=OFF",
        "-DWITH_SNAPPY=OFF", "-DWITH_LZ4=OFF", "-DWITH_ZSTD=OFF",
        "-DWITH_ZLIB=OFF", "-DWITH_BZ2=OFF", "-DFAIL_ON_WARNINGS=OFF",
        "-DWITH_JNI=OFF", "-DWITH_LIBURING=OFF", "-DROCKSDB_BUILD_SHARED=OFF",
        "-DPORTABLE=ON"]),
    "abseil": ("20220623.1-1+deb12u2", "cmake", [
        "-DCMAKE_CXX_STANDARD=17", "-DABSL_PROPAGATE_CXX_STD=ON",
        "-DBUILD_TESTING=OFF"]),
}
# The rocksdb subset with the most threading code (131 of 325 library TUs).
ROCKSDB_KEEP = (
    "util/", "port/", "env/", "monitoring/", "cache/", "db/db_impl/",
    "utilities/transactions/", "utilities/backup/",
    "utilities/persistent_cache/", "file/", "logging/", "db/compaction/")

# A file "uses threads" when its text matches this (the ring-2 "filter"
# option keeps only such files under the given folders).
THREADING_RE = re.compile(
    r"pthread_|[Mm]utex|[Ll]ock\s*\(|LOCK\s*\(|[Tt]hread|G_LOCK|g_cond_|"
    r"condition_variable|RWLock|[Ss]emaphore|spin_?lock")
# grpc: the core's own thread, sync and executor classes, the event engine,
# the C++ server and its thread manager whole; the threading files of iomgr,
# surface and the C++ client (about 110 of 1,100+ TUs).
GRPC_KEEP = (
    "src/core/lib/gprpp/", "src/core/lib/event_engine/",
    "src/core/lib/iomgr/", "src/core/lib/surface/", "src/cpp/server/",
    "src/cpp/thread_manager/", "src/cpp/client/")
GRPC_FILTER = ("src/core/lib/iomgr/", "src/core/lib/surface/",
               "src/cpp/client/")
# bind9: libisc (netmgr, task, timer, rwlock) and libns whole, and the
# libdns files that take a lock with the LOCK()/RWLOCK() macros.
BIND9_KEEP = ("lib/isc/", "lib/ns/") + tuple("lib/dns/" + f + ".c" for f in (
    "acl adb badcache byaddr cache catz client db dispatch dlz dyndb forward "
    "keytable lookup nta rbtdb request resolver rpz rrl sdb sdlz ssu "
    "transport tsig validator view zone zt").split())

# Ring 2 (issue 21): ten more packages, not in CI, for checking that a rule
# generalises to code it was not written for. C with lock macros (bind9
# LOCK/UNLOCK, unbound lock_basic_lock, haproxy HA_SPIN_LOCK, glib G_LOCK,
# knot, rsyslog, pulseaudio pa_mutex) and C++ with its own thread classes
# (grpc, poco). name -> (pinned version, build kind, configure arguments,
# options). Options: "keep" (path prefixes relative to the source folder:
# the DB keeps only these files, compile_commands.full.json has all of
# them), "filter" (under these prefixes, keep only the files that match
# THREADING_RE), "drop" (prefixes left out), "make" (autotools/make: the
# commands bear records, "{jobs}" is --build-jobs), "env" (environment of
# the configure step), "autoreconf" (regenerate the build system first),
# "gen" (ninja targets to build after configuring: generated headers).
# Autotools/make packages are built once under bear with -O0 (the flags do
# not matter to clang-tidy; the build is 2-3x faster).
RING2 = {
    "unbound": ("1.17.1-2+deb12u4", "autotools", [
        "--with-libevent", "--disable-flto", "--without-pythonmodule",
        "--without-pyunbound", "--disable-systemd"], {
        "make": [["make", "-j{jobs}"]]}),
    "mosquitto": ("2.0.11-1.2+deb12u2", "cmake", [
        "-DDOCUMENTATION=OFF", "-DWITH_CJSON=ON", "-DWITH_TLS=ON",
        "-DWITH_SRV=OFF", "-DWITH_WEBSOCKETS=OFF"], {
        "keep": ("lib/", "src/")}),
    "poco": ("1.11.0-3+deb12u1", "cmake", [
        "-DENABLE_TESTS=OFF", "-DENABLE_MONGODB=OFF", "-DENABLE_REDIS=OFF",
        "-DENABLE_DATA=OFF", "-DENABLE_DATA_SQLITE=OFF",
        "-DENABLE_DATA_MYSQL=OFF", "-DENABLE_DATA_POSTGRESQL=OFF",
        "-DENABLE_DATA_ODBC=OFF", "-DENABLE_PAGECOMPILER=OFF",
        "-DENABLE_PAGECOMPILER_FILE2PAGE=OFF", "-DENABLE_ACTIVERECORD=OFF",
        "-DENABLE_ACTIVERECORD_COMPILER=OFF", "-DENABLE_ZIP=OFF",
        "-DENABLE_ENCODINGS=OFF", "-DENABLE_CRYPTO=OFF",
        "-DENABLE_NETSSL=OFF", "-DENABLE_JWT=OFF", "-DENABLE_PROMETHEUS=OFF",
        "-DPOCO_UNBUNDLED=OFF"], {
        "keep": ("Foundation/src/", "Net/src/", "Util/src/"),
        "filter": ("Foundation/src/", "Net/src/", "Util/src/")}),
    "glib2.0": ("2.74.6-2+deb12u9", "meson", [
        "-Dselinux=disabled", "-Dxattr=false", "-Dlibmount=disabled",
        "-Dman=false", "-Dgtk_doc=false", "-Dtests=false",
        "-Dinstalled_tests=false", "-Dnls=disabled", "-Dlibelf=disabled",
        "-Ddtrace=false", "-Dsystemtap=false", "-Dsysprof=disabled"], {
        "keep": ("glib/", "gobject/", "gthread/", "gio/"),
        "filter": ("glib/", "gio/"),
        "gen": "headers"}),
    "grpc": ("1.51.1-3", "cmake", [
        "-DCMAKE_CXX_STANDARD=17", "-DgRPC_BUILD_TESTS=OFF",
        "-DgRPC_BUILD_CSHARP_EXT=OFF", "-DgRPC_INSTALL=OFF",
        "-DgRPC_ABSL_PROVIDER=package", "-DgRPC_CARES_PROVIDER=package",
        "-DgRPC_PROTOBUF_PROVIDER=package", "-DgRPC_RE2_PROVIDER=package",
        "-DgRPC_SSL_PROVIDER=package", "-DgRPC_ZLIB_PROVIDER=package",
        "-DgRPC_BUILD_GRPC_CSHARP_PLUGIN=OFF",
        "-DgRPC_BUILD_GRPC_NODE_PLUGIN=OFF",
        "-DgRPC_BUILD_GRPC_OBJECTIVE_C_PLUGIN=OFF",
        "-DgRPC_BUILD_GRPC_PHP_PLUGIN=OFF",
        "-DgRPC_BUILD_GRPC_PYTHON_PLUGIN=OFF",
        "-DgRPC_BUILD_GRPC_RUBY_PLUGIN=OFF"], {
        "keep": GRPC_KEEP, "filter": GRPC_FILTER,
        # channelz includes protoc output that only a build generates
        "drop": ("src/cpp/server/channelz/",)}),
    "rsyslog": ("8.2302.0-1+deb12u1", "autotools", [
        "--disable-libgcrypt", "--disable-fmhttp",
        "--disable-generate-man-pages",
        "--disable-liblogging-stdlog", "--disable-default-tests",
        "--enable-imfile", "--enable-imptcp", "--enable-impstats",
        "--enable-omprog", "--enable-mmjsonparse"], {
        "make": [["make", "-j{jobs}"]]}),
    "bind9": ("1:9.18.49-1~deb12u1", "autotools", [
        "--disable-doh", "--without-libxml2", "--without-json-c",
        "--without-lmdb", "--without-gssapi", "--disable-dnstap",
        "--without-cmocka", "--without-libidn2", "--without-zlib",
        "--without-maxminddb", "--disable-geoip"], {
        "make": [["make", "-j{jobs}", "-C", "lib/isc"],
                 ["make", "-j{jobs}", "-C", "lib/dns"],
                 ["make", "-j{jobs}", "-C", "lib/ns"]],
        # Debian's patches leave configure.ac newer than aclocal.m4, and
        # make would then want the automake 1.17 that made the tarball.
        "autoreconf": True, "keep": BIND9_KEEP}),
    "pulseaudio": ("16.1+dfsg1-2", "meson", [
        "-Dman=false", "-Dtests=false", "-Ddoxygen=false", "-Dalsa=disabled",
        "-Dasyncns=disabled", "-Davahi=disabled", "-Dbluez5=disabled",
        "-Ddbus=enabled", "-Delogind=disabled", "-Dfftw=disabled",
        "-Dglib=disabled", "-Dgsettings=disabled", "-Dgstreamer=disabled",
        "-Dgtk=disabled", "-Dhal-compat=false", "-Djack=disabled",
        "-Dlirc=disabled", "-Dopenssl=disabled", "-Dorc=disabled",
        "-Dsamplerate=disabled", "-Dsoxr=disabled", "-Dspeex=enabled",
        "-Dsystemd=disabled", "-Dtcpwrap=disabled", "-Dudev=disabled",
        "-Dvalgrind=disabled", "-Dx11=disabled", "-Dwebrtc-aec=disabled",
        "-Ddatabase=simple"], {
        "keep": ("src/pulsecore/", "src/pulse/", "src/modules/",
                 "src/daemon/"),
        "filter": ("src/pulsecore/", "src/pulse/", "src/modules/"),
        "gen": "headers"}),
    "knot": ("3.2.6-1", "autotools", [
        "--disable-documentation", "--disable-xdp", "--disable-fastparser",
        "--with-module-dnstap=no", "--disable-dnstap", "--without-libnghttp2",
        "--enable-quic=no"], {
        "make": [["make", "-j{jobs}"]],
        "keep": ("src/knot/", "src/contrib/")}),
    "haproxy": ("2.6.12-1+deb12u3", "make", [], {
        "make": [["make", "-j{jobs}", "TARGET=linux-glibc", "USE_OPENSSL=1",
                  "USE_PCRE2=1", "USE_THREAD=1", "USE_ZLIB=1",
                  "CPU_CFLAGS=-O0", "CC={cc}"]],
        "keep": ("src/",), "filter": ("src/",)}),
}
RINGS = {"1": RING1, "2": RING2}
PACKAGES = {**RING1, **RING2}
# Packages whose configure step compiles code (autotools, make).
BUILT_KINDS = ("autotools", "make")


def spec(pkg):
    """(version, kind, configure arguments, options) of `pkg`."""
    s = PACKAGES[pkg]
    return tuple(s) + ({},) * (4 - len(s))


def keep_prefixes(pkg):
    if pkg == "rocksdb":
        return ROCKSDB_KEEP
    return spec(pkg)[3].get("keep")
CRASH_MARKERS = ("Stack dump:", "PLEASE submit a bug report")


def log(*msg):
    print(*msg, file=sys.stderr, flush=True)


def sh(cmd, cwd=None, env=None, quiet=False, check=True):
    """Runs a command, logs it; raises on failure when `check`."""
    log("+ " + " ".join(shlex.quote(c) for c in cmd))
    out = subprocess.DEVNULL if quiet else None
    r = subprocess.run(cmd, cwd=cwd, env=env, stdout=out,
                       stderr=subprocess.STDOUT if quiet else None)
    if check and r.returncode != 0:
        raise SystemExit(f"corpus: command failed ({r.returncode}): {cmd[0]}")
    return r.returncode


def root_prefix():
    return [] if os.geteuid() == 0 else ["sudo"]


# --------------------------------------------------------------------------
# fetch


def slice_entries():
    out = []
    for line in open(SLICE_FILE):
        line = line.split("#", 1)[0].strip()
        if line:
            pkg, rel = line.split()
            out.append((pkg, rel))
    return out


def src_dir(work, pkg):
    """The unpacked source folder of `pkg` (None before fetching)."""
    for d in sorted(glob.glob(os.path.join(work, "src", glob.escape(pkg) + "-*"))):
        if os.path.isdir(d):
            return d
    return None


def enable_deb_src():
    dst = "/etc/apt/sources.list.d/debian-src.sources"
    src = "/etc/apt/sources.list.d/debian.sources"
    if os.path.exists(dst) or os.path.exists(dst[:-len(".sources")] + ".list"):
        return False
    if os.path.exists(src):
        text = re.sub(r"(?m)^Types: deb$", "Types: deb-src", open(src).read())
    elif os.path.exists("/etc/apt/sources.list"):
        # One-line format (older images): same entries as deb-src.
        dst = dst[:-len(".sources")] + ".list"
        text = "".join("deb-src" + l[3:] for l in open("/etc/apt/sources.list")
                       if l.startswith("deb "))
    else:
        raise SystemExit(f"corpus: {src} not found: enable deb-src by hand")
    if os.geteuid() == 0:
        with open(dst, "w") as f:
            f.write(text)
    else:
        subprocess.run(["sudo", "tee", dst], input=text.encode(),
                       stdout=subprocess.DEVNULL, check=True)
    return True


def installed(pkg):
    r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", pkg],
                       capture_output=True, text=True)
    return "install ok installed" in r.stdout


def setup_apt(need_update, pkgs=()):
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    want = DEV_PACKAGES + (RING2_DEV_PACKAGES if set(pkgs) & set(RING2)
                           else [])
    missing = [p for p in want if not installed(p)]
    if need_update or missing:
        sh(root_prefix() + ["apt-get", "update", "-qq"], env=env)
    if missing:
        sh(root_prefix() + ["apt-get", "install", "-y", "-qq",
                            "--no-install-recommends"] + missing, env=env,
           quiet=True)


def fetch_source(work, pkg):
    if src_dir(work, pkg):
        return
    version = spec(pkg)[0]
    os.makedirs(os.path.join(work, "src"), exist_ok=True)
    sh(["apt-get", "source", "-qq", f"{pkg}={version}"],
       cwd=os.path.join(work, "src"), quiet=True)
    d = src_dir(work, pkg)
    if not d:
        raise SystemExit(f"corpus: apt-get source {pkg} unpacked nothing")
    # spdlog and zeromq3 ship a .clang-tidy that clang-tidy-19 rejects and
    # that sets its own options (as do grpc and others): park them.
    for dirpath, _, files in os.walk(d):
        if ".clang-tidy" in files:
            p = os.path.join(dirpath, ".clang-tidy")
            os.rename(p, p + ".upstream")


def dedup_db(path):
    """Keeps the first entry per file: clang-tidy runs every command that
    matches a file, so duplicates double time and findings."""
    db = json.load(open(path))
    seen, out = set(), []
    for e in db:
        k = os.path.normpath(os.path.join(e["directory"], e["file"]))
        if k not in seen:
            seen.add(k)
            e["file"] = k
            out.append(e)
    json.dump(out, open(path, "w"), indent=1)
    return len(out)


def uses_threads(path):
    try:
        return bool(THREADING_RE.search(open(path, errors="replace").read()))
    except OSError:
        return False


def keep_subset(db, src, keep, only_threading=(), drop=()):
    """Keeps the DB entries under the `keep` prefixes (relative to `src`),
    and under the `only_threading` prefixes only the files that match
    THREADING_RE; the whole DB stays in compile_commands.full.json."""
    full = os.path.join(os.path.dirname(db), "compile_commands.full.json")
    if not os.path.exists(full):
        shutil.copy(db, full)
    out = []
    for e in json.load(open(full)):
        f = os.path.normpath(os.path.join(e["directory"], e["file"]))
        rel = os.path.relpath(f, src)
        if keep and not rel.startswith(keep) or drop and rel.startswith(drop):
            continue
        if only_threading and rel.startswith(only_threading) and \
                not uses_threads(f):
            continue
        out.append(e)
    json.dump(out, open(db, "w"), indent=1)


def strip_werror(db):
    """Drops -Werror and -Werror=X from every command: glib's meson build
    makes format-nonliteral an error that clang-19 raises in glib's own
    headers, and any new clang warning would otherwise become a compile
    error in clang-tidy (ring-1 pitfall "-Werror in the DB")."""
    entries = json.load(open(db))
    for e in entries:
        if "arguments" in e:
            e["arguments"] = [x for x in e["arguments"]
                              if not x.startswith("-Werror")]
        else:
            e["command"] = " ".join(
                shlex.quote(x) for x in shlex.split(e["command"])
                if not x.startswith("-Werror"))
    json.dump(entries, open(db, "w"), indent=1)


def ninja_generated(bdir, what):
    """Builds the custom-command outputs of a Ninja build that are headers
    (`what` == "headers"): a DB alone lacks the generated headers."""
    r = subprocess.run(["ninja", "-C", bdir, "-t", "targets", "all"],
                       capture_output=True, text=True, check=True)
    targets = [l.rsplit(":", 1)[0] for l in r.stdout.splitlines()
               if l.endswith(": CUSTOM_COMMAND")]
    if what == "headers":
        targets = [t for t in targets if t.endswith(".h")]
    return targets


def configure(work, pkg, clang_major, jobs=2):
    bdir = os.path.join(work, "build", pkg)
    db = os.path.join(bdir, "compile_commands.json")
    done = os.path.join(bdir, ".configured")
    if os.path.exists(done):
        return
    src = src_dir(work, pkg)
    _, kind, args, opts = spec(pkg)
    cc, cxx = f"clang-{clang_major}", f"clang++-{clang_major}"
    os.makedirs(bdir, exist_ok=True)
    env = dict(os.environ, CC=cc, CXX=cxx, **opts.get("env", {}))

    def fill(cmd):
        return [x.format(jobs=jobs, cc=cc, cxx=cxx) for x in cmd]

    if kind == "cmake":
        sh(NICE + ["cmake", "-S", src, "-B", bdir, "-G", "Ninja",
                   "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON",
                   "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
                   f"-DCMAKE_C_COMPILER={cc}", f"-DCMAKE_CXX_COMPILER={cxx}"]
           + args, quiet=True)
    elif kind == "meson":
        if not os.path.exists(db):
            sh(NICE + ["meson", "setup", "--buildtype=release", bdir, src]
               + args, env=env, quiet=True)
    elif kind == "autotools" and pkg == "memcached":
        # memcached: bear records a real build of the server (about 1 min).
        if not os.path.exists(os.path.join(src, "Makefile")):
            sh(NICE + ["./configure", f"CC={cc}"], cwd=src, quiet=True)
        sh(NICE + ["bear", "--output", db, "--", "make", "-j2", "memcached"],
           cwd=src, quiet=True)
    elif kind in BUILT_KINDS:
        # Built once in the source folder under bear, at -O0 (faster; the
        # optimisation level does not change what clang-tidy sees).
        if kind == "autotools" and \
                not os.path.exists(os.path.join(src, "Makefile")):
            if opts.get("autoreconf") or \
                    not os.path.exists(os.path.join(src, "configure")):
                sh(NICE + ["autoreconf", "-fi"], cwd=src, quiet=True)
            sh(NICE + ["./configure", f"CC={cc}", f"CXX={cxx}",
                       "CFLAGS=-O0 -g0", "CXXFLAGS=-O0 -g0"] + args,
               cwd=src, env=env, quiet=True)
        script = " && ".join(" ".join(shlex.quote(x) for x in fill(c))
                             for c in opts["make"])
        if os.path.exists(db):
            # An earlier attempt stopped half-way: bear records only what
            # it sees compiled, so start from clean objects.
            sh(NICE + ["make", "clean"], cwd=src, env=env, quiet=True,
               check=False)
        sh(NICE + ["bear", "--output", db, "--", "sh", "-c", script],
           cwd=src, env=env, quiet=True)
    elif kind == "manual":
        # cpp-httplib is header-only: one entry per example and test file.
        files = sorted(glob.glob(os.path.join(src, "example", "*.cc")))
        files += [os.path.join(src, "test", f + ".cc")
                  for f in ("test", "test_proxy", "include_httplib")]
        entries = []
        for f in files:
            if not os.path.exists(f):
                continue
            entries.append({
                "directory": os.path.dirname(f), "file": f,
                "arguments": [cxx, "-std=c++14", "-I" + src,
                              "-DCPPHTTPLIB_OPENSSL_SUPPORT",
                              "-DCPPHTTPLIB_ZLIB_SUPPORT",
                              "-DCPPHTTPLIB_BROTLI_SUPPORT", "-pthread",
                              "-Wall", "-Wextra", "-c", f]})
        json.dump(entries, open(db, "w"), indent=1)
    if opts.get("gen"):
        targets = ninja_generated(bdir, opts["gen"])
        if targets:
            sh(NICE + ["ninja", "-C", bdir, f"-j{jobs}"] + targets,
               quiet=True)
    full = os.path.join(bdir, "compile_commands.full.json")
    if kind != "meson" and os.path.exists(full):
        os.remove(full)  # the DB was just written: the old copy is stale
    keep = keep_prefixes(pkg)
    if keep or opts.get("filter") or opts.get("drop"):
        keep_subset(db, src, keep, opts.get("filter", ()),
                    opts.get("drop", ()))
    if pkg in RING2:
        strip_werror(db)
    n = dedup_db(db)
    log(f"corpus: {pkg}: {n} TUs in {db}")
    open(done, "w").close()


def build_slice_db(work):
    out, missing = [], []
    for pkg, rel in slice_entries():
        src = src_dir(work, pkg)
        db = os.path.join(work, "build", pkg, "compile_commands.json")
        if not src or not os.path.exists(db):
            missing.append(f"{pkg} {rel}")
            continue
        f = os.path.normpath(os.path.join(src, rel))
        hit = [e for e in json.load(open(db)) if e["file"] == f][:1]
        if not hit:
            missing.append(f"{pkg} {rel}")
        out += hit
    d = os.path.join(work, "slice")
    os.makedirs(d, exist_ok=True)
    json.dump(out, open(os.path.join(d, "compile_commands.json"), "w"),
              indent=1)
    if missing:
        log("corpus: slice entries without a compile command: "
            + ", ".join(missing))
    log(f"corpus: slice: {len(out)} TUs")
    return not missing


def cmd_fetch(a):
    work = os.path.abspath(a.work_dir)
    pkgs = select_packages(a)
    # Slice packages first: they are what CI and the other tools need soonest.
    os.makedirs(work, exist_ok=True)
    setup_apt(enable_deb_src(), pkgs)
    for p in pkgs:
        fetch_source(work, p)
    failed = []

    def conf(p):
        try:
            configure(work, p, a.llvm_major, getattr(a, "build_jobs", 2))
        except SystemExit as e:
            log(f"corpus: {p}: configure failed: {e}")
            failed.append(p)
    # The builds (memcached and ring 2's autotools/make packages) run make
    # with --build-jobs themselves; the CMake and meson configures are mostly
    # serial try_compile runs, so two of them share the two cores.
    for p in pkgs:
        if spec(p)[1] not in ("cmake", "meson"):
            conf(p)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
        list(ex.map(conf, [p for p in pkgs
                           if spec(p)[1] in ("cmake", "meson")]))
    ok = not failed
    if failed:
        log("corpus: not configured: " + ", ".join(failed))
    if set(pkgs) >= {p for p, _ in slice_entries()}:
        ok = build_slice_db(work) and ok
    for ring, names in RINGS.items():
        if set(pkgs) >= set(names) and not set(failed) & set(names):
            open(os.path.join(work, "READY" if ring == "1" else
                              f"READY-ring{ring}"), "w").close()
    return 0 if ok else 1


def packages_of(ring=None, packages=None):
    """The packages selected by --packages (a comma-separated list, any
    ring) or else by --ring (1, the default; 2; all; or a comma-separated
    list of rings), in ring order."""
    if packages:
        pkgs = [p.strip() for p in packages.split(",") if p.strip()]
        bad = [p for p in pkgs if p not in PACKAGES]
        if bad:
            raise SystemExit(f"corpus: unknown package(s) {bad}; known: "
                             + ", ".join(PACKAGES))
        return pkgs
    ring = str(ring or "1").strip()
    rings = list(RINGS) if ring == "all" else \
        [r.strip() for r in ring.split(",") if r.strip()]
    bad = [r for r in rings if r not in RINGS]
    if bad or not rings:
        raise SystemExit(f"corpus: unknown ring {ring!r}; known: "
                         + ", ".join(RINGS) + ", all")
    out = []
    for r in rings:
        out += [p for p in RINGS[r] if p not in out]
    return out


def select_packages(a):
    return packages_of(getattr(a, "ring", None),
                       getattr(a, "packages", None))


# --------------------------------------------------------------------------
# running clang-tidy


def run_child(cmd, cwd=None, timeout=None, out_path=None):
    """Runs `cmd` under nice and returns a dict with rc, signal, cpu (user+sys
    of this child only, from wait4), maxrss_kb, wall and the output text."""
    with tempfile.TemporaryFile() as out:
        t0 = time.monotonic()
        p = subprocess.Popen(NICE + cmd, cwd=cwd, stdout=out,
                             stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        timer = None
        timed_out = []
        if timeout:
            def kill():
                timed_out.append(True)
                p.kill()
            timer = threading.Timer(timeout, kill)
            timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        if timer:
            timer.cancel()
        rc = os.waitstatus_to_exitcode(status)
        p.returncode = rc  # already reaped: keep Popen from waiting again
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return {"rc": rc, "signal": -rc if rc < 0 else 0,
            "timeout": bool(timed_out), "cpu": ru.ru_utime + ru.ru_stime,
            "maxrss_kb": ru.ru_maxrss, "wall": wall, "output": text}


def tidy_binary(a):
    return a.clang_tidy or shutil.which(f"clang-tidy-{a.llvm_major}") \
        or f"/usr/lib/llvm-{a.llvm_major}/bin/clang-tidy"


def plugin_path(a):
    p = a.plugin or os.path.join(ROOT, "build", f"llvm-{a.llvm_major}",
                                 "libThreadsTidy.so")
    if not os.path.exists(p):
        raise SystemExit(f"corpus: plugin {p} not found: build it first "
                         f"(ninja -C build/llvm-{a.llvm_major}) or pass --plugin")
    return os.path.abspath(p)


class TU:
    """One translation unit: its package, source root, DB folder and file."""

    def __init__(self, pkg, root, db_dir, entry):
        self.pkg, self.root, self.db_dir, self.entry = pkg, root, db_dir, entry
        self.file = entry["file"]

    @property
    def rel(self):
        return os.path.relpath(self.file, self.root)

    @property
    def label(self):
        return f"{self.pkg}/{self.rel}"


def load_db(path):
    db = json.load(open(path))
    for e in db:
        e["file"] = os.path.normpath(os.path.join(e["directory"], e["file"]))
    return db


def collect_tus(a, work):
    """The TUs to run, in a stable order, deduplicated, sharded."""
    tus = []
    if a.compile_commands:
        path = os.path.abspath(a.compile_commands)
        if os.path.isdir(path):
            path = os.path.join(path, "compile_commands.json")
        db = load_db(path)
        root = os.path.abspath(a.source_root) if a.source_root else \
            os.path.commonpath([e["file"] for e in db]) if db else "/"
        if os.path.isfile(root):
            root = os.path.dirname(root)
        name = a.name or os.path.basename(os.path.dirname(path)) or "db"
        # clang-tidy runs every command of a file: give it a deduplicated DB.
        ddir = os.path.join(work, "db", name)
        os.makedirs(ddir, exist_ok=True)
        seen, out = set(), []
        for e in db:
            if e["file"] not in seen:
                seen.add(e["file"])
                out.append(e)
        json.dump(out, open(os.path.join(ddir, "compile_commands.json"), "w"),
                  indent=1)
        tus = [TU(name, root, ddir, e) for e in out]
    elif a.slice:
        sdb = os.path.join(work, "slice", "compile_commands.json")
        if not os.path.exists(sdb):
            raise SystemExit(f"corpus: {sdb} missing: run `corpus.py fetch`")
        bypkg = {}
        for e in load_db(sdb):
            for pkg in RING1:
                r = src_dir(work, pkg)
                if r and e["file"].startswith(r + os.sep):
                    bypkg.setdefault(pkg, []).append(e)
        for pkg in RING1:
            for e in bypkg.get(pkg, []):
                tus.append(TU(pkg, src_dir(work, pkg),
                              os.path.join(work, "slice"), e))
    else:
        for pkg in select_packages(a):
            db = os.path.join(work, "build", pkg, "compile_commands.json")
            if not os.path.exists(db):
                raise SystemExit(f"corpus: {db} missing: run `corpus.py fetch`")
            for e in load_db(db):
                tus.append(TU(pkg, src_dir(work, pkg),
                              os.path.dirname(db), e))
    if getattr(a, "main_file_grep", None):
        # A check that cannot fire without something in the main file
        # (the Static Analyzer analyses only the main file's functions, and
        # unix.BlockInCriticalSection needs a lock on the path) need not
        # parse the rest; the report says which TUs were left out.
        pat = re.compile(a.main_file_grep.encode())

        def mentions(tu):
            f = tu.entry["file"]
            if not os.path.isabs(f):
                f = os.path.join(tu.entry["directory"], f)
            try:
                with open(f, "rb") as fh:
                    return bool(pat.search(fh.read()))
            except OSError:
                return True
        tus = [tu for tu in tus if mentions(tu)]
    if getattr(a, "user_code_grep", None):
        tus = with_user_code(a, tus)
    if a.shard:
        i, n = (int(x) for x in a.shard.split("/"))
        if not 1 <= i <= n:
            raise SystemExit("corpus: --shard I/N needs 1 <= I <= N")
        tus = tus[i - 1::n]
    if a.limit:
        tus = tus[:a.limit]
    return tus


def user_files(a, tu):
    """The main file and every header it includes from outside the system
    include folders, as the TU's own compiler lists them with -MM (None if
    the compiler fails)."""
    args = [x for x in syntax_only(entry_args(tu.entry))
            if x != "-fsyntax-only"]
    if not args:
        return None
    args[0] = args[0] if shutil.which(args[0]) else \
        f"clang++-{a.llvm_major}"
    r = subprocess.run(args + ["-MM", "-MG", "-w"],
                       cwd=tu.entry["directory"], capture_output=True)
    if r.returncode != 0:
        return None
    text = r.stdout.decode("utf-8", "replace").replace("\\\n", " ")
    deps = text.split(":", 1)[1].split() if ":" in text else []
    return [os.path.normpath(os.path.join(tu.entry["directory"], d))
            for d in deps]


COMMENT_RE = re.compile(rb"/\*.*?\*/|//[^\n]*", re.S)


def with_user_code(a, tus):
    """The TUs whose own code (main file and project headers, see
    user_files) matches every --user-code-grep regex. A Static Analyzer
    checker reaches only calls in that code or in functions it inlines from
    it, so a TU whose own code never names a blocking call cannot give
    unix.BlockInCriticalSection a finding. A TU whose dependencies cannot
    be listed is kept."""
    pats = [re.compile(x.encode()) for x in a.user_code_grep]
    cache = {}

    def text(f):
        # Comments do not call anything: "bytes were read (...)" is no read.
        if f not in cache:
            try:
                with open(f, "rb") as fh:
                    cache[f] = COMMENT_RE.sub(b" ", fh.read())
            except OSError:
                cache[f] = b""
        return cache[f]

    def keep(tu):
        files = user_files(a, tu)
        if files is None:
            return True
        return all(any(p.search(text(f)) for f in files) for p in pats)

    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        kept = list(ex.map(keep, tus))
    log(f"--user-code-grep: {sum(kept)} of {len(tus)} TUs kept")
    return [tu for tu, k in zip(tus, kept) if k]


DIAG_RE = re.compile(
    r"^(?P<file>/[^:\n]+):(?P<line>\d+):(?P<col>\d+): "
    r"(?P<sev>warning|error|note): (?P<msg>.*?)(?: \[(?P<check>[\w.,-]+)\])?$")


def parse_diags(text):
    for line in text.splitlines():
        m = DIAG_RE.match(line)
        if m:
            yield m


def header_filter(tus, work, a):
    if a.header_filter:
        return a.header_filter
    roots = sorted({t.root for t in tus})
    if not a.compile_commands:
        roots = [os.path.join(work, "src")]
    return "^(" + "|".join(re.escape(r + os.sep) for r in roots) + ")"


def run_tus(a, tus, make_cmd, jobs, progress=True):
    """Runs make_cmd(tu) for every TU, `jobs` at a time; returns results in
    TU order, printing `[i/n] pkg/rel 0.8s` (CPU seconds) as each ends."""
    results = [None] * len(tus)
    lock = threading.Lock()
    done = [0]

    def one(i):
        cmd, cwd = make_cmd(tus[i])
        r = run_child(cmd, cwd=cwd, timeout=a.timeout)
        r["cmd"] = cmd
        results[i] = r
        with lock:
            done[0] += 1
            if progress:
                flag = ""
                if is_crash(r):
                    flag = "  CRASH"
                elif r["timeout"]:
                    flag = "  TIMEOUT"
                print(f"[{done[0]}/{len(tus)}] {tus[i].label} "
                      f"{r['cpu']:.1f}s{flag}", flush=True)
        return r

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        list(ex.map(one, range(len(tus))))
    return results


def is_crash(r):
    return r["signal"] and not r["timeout"] or any(
        m in r["output"] for m in CRASH_MARKERS)


def tidy_cmd(a, tu, checks, plugin=True, extra=(), plugin_file=None):
    cmd = [tidy_binary(a)]
    if plugin:
        cmd.append(f"--load={plugin_file or plugin_path(a)}")
    # --config={}: no .clang-tidy file applies (a corpus inside a checkout
    # would otherwise inherit that checkout's WarningsAsErrors).
    cmd += [f"--config={getattr(a, 'tidy_config', None) or '{}'}",
            f"-checks={checks}", f"-header-filter={a._hf}",
            "-p", tu.db_dir]
    cmd += list(extra) + list(a.extra_arg or [])
    cmd.append(tu.file)
    return cmd


def finding_key(pkg, root, d):
    f = os.path.normpath(d["file"])
    rel = os.path.relpath(f, root) if f.startswith(root + os.sep) else f
    return (pkg, rel, int(d["line"]), d["check"], d["message"])


def summarize(tus, results):
    """Findings per package and check (deduplicated across TUs: a header's
    finding is reported once), parse failures and crashes."""
    pkgs = {}
    parse_failures, crashes, timeouts = [], [], []
    for tu, r in zip(tus, results):
        p = pkgs.setdefault(tu.pkg, {"tus": 0, "cpu": 0.0, "checks": {}})
        p["tus"] += 1
        p["cpu"] += r["cpu"]
        errors = []
        for m in parse_diags(r["output"]):
            check = m["check"] or ""
            # Compiler warnings (clang-diagnostic-*) are not findings.
            if m["sev"] == "warning" and check and \
                    not check.startswith("clang-diagnostic"):
                for c in check.split(","):
                    lst = p["checks"].setdefault(c, {})
                    key = finding_key(tu.pkg, tu.root, {
                        "file": m["file"], "line": m["line"], "check": c,
                        "message": m["msg"]})
                    f = lst.setdefault(key, {
                        "file": key[1], "line": key[2], "column": int(m["col"]),
                        "check": c, "message": m["msg"], "tus": []})
                    if tu.rel not in f["tus"]:
                        f["tus"].append(tu.rel)
            elif m["sev"] == "error":
                errors.append(f"{m['file']}:{m['line']}:{m['col']}: {m['msg']}")
        if is_crash(r):
            tail = [l for l in r["output"].splitlines()[-40:]]
            crashes.append({"package": tu.pkg, "file": tu.rel,
                            "signal": r["signal"], "output_tail": tail})
        elif r["timeout"]:
            timeouts.append({"package": tu.pkg, "file": tu.rel})
        elif errors or "Error while processing" in r["output"]:
            parse_failures.append({"package": tu.pkg, "file": tu.rel,
                                   "errors": errors[:10]})
    out = {"packages": {}}
    for name, p in pkgs.items():
        out["packages"][name] = {
            "tus": p["tus"], "cpu_seconds": round(p["cpu"], 2),
            "findings": {c: sorted(v.values(), key=lambda f: (f["file"], f["line"], f["message"]))
                         for c, v in sorted(p["checks"].items())}}
    out["parse_failures"] = parse_failures
    out["crashes"] = crashes
    out["timeouts"] = timeouts
    return out


def finding_lines(summary):
    """`package:relpath:line: check: message`, sorted."""
    lines = set()
    for pkg, p in summary["packages"].items():
        for c, fs in p["findings"].items():
            for f in fs:
                lines.add(f"{pkg}:{f['file']}:{f['line']}: {c}: {f['message']}")
    return sorted(lines)


def prepare(a):
    work = os.path.abspath(a.work_dir)
    if not a.compile_commands and not a.no_fetch:
        # One command from nothing to results: fetching is skipped for what
        # is already fetched and configured.
        fa = argparse.Namespace(**vars(a))
        if a.slice:
            fa.packages, fa.ring = None, "1"
        if cmd_fetch(fa) != 0:
            raise SystemExit("corpus: fetch incomplete (see above)")
    tus = collect_tus(a, work)
    a._hf = header_filter(tus, work, a)
    return work, tus


def do_run(a, work, tus):
    checks = a.checks
    t0 = time.monotonic()
    results = run_tus(a, tus, lambda tu: (
        tidy_cmd(a, tu, checks), tu.entry["directory"]), a.jobs)
    s = summarize(tus, results)
    n = sum(len(fs) for p in s["packages"].values()
            for fs in p["findings"].values())
    s["meta"] = {
        "clang_tidy": tidy_binary(a), "plugin": plugin_path(a),
        "checks": checks, "config": getattr(a, "tidy_config", None) or "{}",
        "header_filter": a._hf, "tus": len(tus),
        "shard": a.shard,
        "main_file_grep": getattr(a, "main_file_grep", None),
        "user_code_grep": getattr(a, "user_code_grep", None),
        "wall_seconds": round(time.monotonic() - t0, 1),
        "cpu_seconds": round(sum(r["cpu"] for r in results), 1),
        "findings": n}
    return s, results


def cmd_run(a):
    work, tus = prepare(a)
    s, _ = do_run(a, work, tus)
    out = a.output or os.path.join(work, "results", "run.json")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    json.dump(s, open(out, "w"), indent=1)
    m = s["meta"]
    print(f"corpus: {m['tus']} TUs, {m['findings']} findings, "
          f"{len(s['parse_failures'])} parse failures, {len(s['crashes'])} "
          f"crashes, {len(s['timeouts'])} timeouts; CPU {m['cpu_seconds']}s, "
          f"wall {m['wall_seconds']}s; result: {out}")
    for c in s["crashes"]:
        print(f"corpus: CRASH {c['package']}/{c['file']} (signal {c['signal']})")
    if a.findings_out:
        with open(a.findings_out, "w") as f:
            f.writelines(l + "\n" for l in finding_lines(s))
    return 1 if s["crashes"] else 0



# --------------------------------------------------------------------------
# overhead

BASE_CHECKS = "-*,readability-else-after-return"


def machine_description():
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) // 1048576} GiB RAM"
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}"


def tidy_version(a):
    r = subprocess.run([tidy_binary(a), "--version"], capture_output=True,
                       text=True)
    m = re.search(r"LLVM version (\S+)", r.stdout)
    return m.group(1) if m else "?"


def cmd_overhead(a):
    work, tus = prepare(a)
    if a.every > 1:
        tus = tus[::a.every]
    n = len(tus)
    base_t = [[] for _ in tus]
    with_t = [[] for _ in tus]
    # --compare-plugin: a second plugin (an earlier build) measured in the
    # same run, interleaved with the other two, so a before/after ratio
    # shares one machine state.
    others = [os.path.abspath(p) for p in (a.compare_plugin or [])]
    other_t = [[[] for _ in tus] for _ in others]
    base_rss = [0] * n
    with_rss = [0] * n
    round_sums = []
    with_checks = BASE_CHECKS + "," + a.threads_checks
    crashes = []
    for r in range(a.rounds):
        sb = sw = 0.0
        for i, tu in enumerate(tus):
            order = ("base", "with") if (r + i) % 2 == 0 else ("with", "base")
            if others:
                sides = ["base", "with"] + [f"other{j}"
                                            for j in range(len(others))]
                k = (r + i) % len(sides)
                order = sides[k:] + sides[:k]
            for side in order:
                if side == "base":
                    cmd = tidy_cmd(a, tu, BASE_CHECKS, plugin=False)
                elif side.startswith("other"):
                    cmd = tidy_cmd(a, tu, with_checks,
                                   plugin_file=others[int(side[5:])])
                else:
                    cmd = tidy_cmd(a, tu, with_checks)
                res = run_child(cmd, cwd=tu.entry["directory"],
                                timeout=a.timeout)
                if is_crash(res):
                    crashes.append(f"{tu.label} ({side})")
                if side.startswith("other"):
                    other_t[int(side[5:])][i].append(res["cpu"])
                elif side == "base":
                    base_t[i].append(res["cpu"])
                    base_rss[i] = max(base_rss[i], res["maxrss_kb"])
                    sb += res["cpu"]
                else:
                    with_t[i].append(res["cpu"])
                    with_rss[i] = max(with_rss[i], res["maxrss_kb"])
                    sw += res["cpu"]
            print(f"[round {r + 1}/{a.rounds}] [{i + 1}/{n}] {tu.label} "
                  f"base {base_t[i][-1]:.2f}s with {with_t[i][-1]:.2f}s",
                  flush=True)
        round_sums.append((sb, sw))
        print(f"corpus: round {r + 1}: base {sb:.1f}s with {sw:.1f}s "
              f"ratio {sw / sb:.3f}", flush=True)
    mb = [statistics.median(t) for t in base_t]
    mw = [statistics.median(t) for t in with_t]
    ratio = sum(mw) / sum(mb)
    other_ratios = [sum(statistics.median(t) for t in times) / sum(mb)
                    for times in other_t]
    for path, other_ratio in zip(others, other_ratios):
        print(f"corpus: ratio with {plugin_path(a)}: {ratio:.3f}; with "
              f"{path}: {other_ratio:.3f}", flush=True)

    # Per-check time inside one process (matchers and callbacks only).
    prof_dir = os.path.join(work, "results", "check-profile")
    shutil.rmtree(prof_dir, ignore_errors=True)
    os.makedirs(prof_dir)
    prof_cpu = 0.0
    for i, tu in enumerate(tus):
        res = run_child(tidy_cmd(a, tu, with_checks, extra=[
            "--enable-check-profile", f"--store-check-profile={prof_dir}"]),
            cwd=tu.entry["directory"], timeout=a.timeout)
        prof_cpu += res["cpu"]
        print(f"[profile] [{i + 1}/{n}] {tu.label} {res['cpu']:.2f}s",
              flush=True)
    per_check = {}
    for f in glob.glob(os.path.join(prof_dir, "**", "*.json"), recursive=True):
        try:
            prof = json.load(open(f)).get("profile", {})
        except (OSError, ValueError):
            continue
        for k, v in prof.items():
            m = re.match(r"time\.clang-tidy\.(.+)\.(user|sys)$", k)
            if m:
                per_check[m.group(1)] = per_check.get(m.group(1), 0.0) + v

    res = {
        "machine": machine_description(), "llvm": tidy_version(a),
        "plugin": plugin_path(a), "tus": [t.label for t in tus],
        "rounds": a.rounds, "base_median_sum": sum(mb),
        "compare_plugins": others, "compare_ratios": other_ratios,
        "with_median_sum": sum(mw), "ratio": ratio,
        "round_ratios": [w / b for b, w in round_sums],
        "base_peak_rss_mb": max(base_rss) / 1024,
        "with_peak_rss_mb": max(with_rss) / 1024,
        "rss_ratio_median": statistics.median(
            w / b for b, w in zip(base_rss, with_rss) if b),
        "per_tu": [{"tu": t.label, "base": b, "with": w,
                    "base_rss_kb": br, "with_rss_kb": wr}
                   for t, b, w, br, wr in zip(tus, mb, mw, base_rss, with_rss)],
        "check_profile_cpu": per_check, "profile_run_cpu": prof_cpu,
        "crashes": crashes,
        "command": " ".join(shlex.quote(x) for x in sys.argv),
        "base_cmd": " ".join(shlex.quote(x) for x in tidy_cmd(
            a, tus[0], BASE_CHECKS, plugin=False)[:-1]),
        "with_cmd": " ".join(shlex.quote(x) for x in tidy_cmd(
            a, tus[0], with_checks)[:-1]),
    }
    out = a.output or os.path.join(work, "results", "overhead.json")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    json.dump(res, open(out, "w"), indent=1)
    table = overhead_markdown(res, a)
    print(table)
    if a.write_doc:
        write_doc_section(a.write_doc, a.doc_block, table)
    return 1 if crashes else 0


def overhead_markdown(r, a):
    pkgs = sorted({t.split("/", 1)[0] for t in r["tus"]})
    threads_prof = sum(v for k, v in r["check_profile_cpu"].items()
                       if k.startswith("threads-"))
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
        f"{r['machine']}; clang-tidy {r['llvm']} (LLVM major {a.llvm_major}); "
        f"{len(r['tus'])} TUs from {', '.join(pkgs)}; {r['rounds']} rounds, "
        "CPU time (user+sys) of each clang-tidy process via wait4, median "
        "per TU, one process at a time under `nice -n 10`.",
        "",
        "| quantity | without module | with module | ratio |",
        "|---|---|---|---|",
        f"| CPU, sum of per-TU medians | {r['base_median_sum']:.1f} s | "
        f"{r['with_median_sum']:.1f} s | **{r['ratio']:.3f}** |",
        "| per-round ratios | | | " + ", ".join(
            f"{x:.3f}" for x in r["round_ratios"]) + " |",
        f"| peak RSS (max over TUs) | {r['base_peak_rss_mb']:.0f} MiB | "
        f"{r['with_peak_rss_mb']:.0f} MiB | median per-TU ratio "
        f"{r['rss_ratio_median']:.3f} |",
        "",
        "Check profile (`--enable-check-profile`, user+sys summed over the "
        f"same TUs; that run took {r['profile_run_cpu']:.1f} s CPU):",
        "",
        "| check | CPU s | share of run |",
        "|---|---|---|",
    ]
    for k, v in sorted(r["check_profile_cpu"].items(), key=lambda kv: -kv[1]):
        lines.append(f"| {k} | {v:.3f} | {100 * v / r['profile_run_cpu']:.2f} % |")
    lines.append(f"| all threads-* | {threads_prof:.3f} | "
                 f"{100 * threads_prof / r['profile_run_cpu']:.2f} % |")
    lines += ["", "Command:", "", "```sh", r["command"], "```", "",
              "Each TU ran as:", "", "```sh",
              r["base_cmd"] + " FILE   # without",
              r["with_cmd"] + " FILE   # with", "```"]
    return "\n".join(lines) + "\n"


def write_doc_section(path, name, body):
    """Replaces the text between `<!-- corpus:NAME:begin -->` and
    `<!-- corpus:NAME:end -->` in `path` (appends the block if missing)."""
    begin, end = f"<!-- corpus:{name}:begin -->", f"<!-- corpus:{name}:end -->"
    text = open(path).read() if os.path.exists(path) else ""
    block = f"{begin}\n{body}{end}"
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    open(path, "w").write(text)



# --------------------------------------------------------------------------
# fix-its

FILEPATH_RE = re.compile(r"FilePath:\s+'?([^'\n]+?)'?\s*$", re.M)


def export_has_fix(path):
    try:
        return "ReplacementText:" in open(path, errors="replace").read()
    except OSError:
        return False


def export_files(path):
    try:
        return set(FILEPATH_RE.findall(open(path, errors="replace").read()))
    except OSError:
        return set()


def entry_args(e):
    return list(e["arguments"]) if "arguments" in e else shlex.split(e["command"])


def syntax_only(args):
    """The compile command with -c/-o/dependency outputs replaced by
    -fsyntax-only."""
    out, skip = [], False
    for x in args:
        if skip:
            skip = False
            continue
        if x in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if x in ("-c", "-MD", "-MMD") or x.startswith("-MF") and len(x) > 3:
            continue
        out.append(x)
    return out + ["-fsyntax-only"]


def digest(path):
    try:
        return hashlib.sha256(open(path, "rb").read()).hexdigest()
    except OSError:
        return None


CXX_SUFFIXES = (".cc", ".cpp", ".cxx", ".c++", ".C", ".cp")


def std_override(a):
    """The -std=... flag of `fixes --std` (or none): clang-tidy and the
    recompile of the fixed file both get it, after the TU's own flags, so
    that C++20-only fix-its (threads-unjoined-thread's std::jthread,
    threads-missing-stop-token's stop tokens) apply to C++11/14/17 code
    bases and are checked to compile under that standard."""
    std = getattr(a, "std", None)
    return [f"-std={std}"] if std else []


def cxx_only(tus):
    return [t for t in tus if t.file.endswith(CXX_SUFFIXES)]


def run_fixes(a, work, tus):
    """Applies -fix and, separately, -fix --fix-notes to a copy of the
    sources of every given TU; recompiles it and reruns to check that
    nothing more changes. Returns a list of per-TU, per-mode records."""
    records = []
    for mode, flags in (("fix", ["-fix"]), ("fix-notes", ["-fix", "--fix-notes"])):
        base = os.path.join(getattr(a, "fixes_dir", None)
                            or os.path.join(work, "fixes"), mode)
        shutil.rmtree(base, ignore_errors=True)
        copies = {}
        for k, tu in enumerate(tus):
            root = tu.root
            if root not in copies:
                copies[root] = os.path.join(base, "src", os.path.basename(root))
                log(f"corpus: copying {root} for {mode}")
                shutil.copytree(root, copies[root], symlinks=True)
            croot = copies[root]

            def mv(x):
                return x.replace(root + os.sep, croot + os.sep) if isinstance(x, str) else x
            e = {k2: mv(v) for k2, v in tu.entry.items()}
            if "arguments" in e:
                e["arguments"] = [mv(x) for x in e["arguments"]]
            e["file"] = mv(tu.file) if tu.file.startswith(root + os.sep) else tu.file
            if e["directory"] == root:
                e["directory"] = croot
            dbd = os.path.join(base, "db", str(k))
            os.makedirs(dbd)
            json.dump([e], open(os.path.join(dbd, "compile_commands.json"), "w"))
            hf = "^" + re.escape(croot + os.sep)
            y1, y2 = os.path.join(dbd, "fix1.yaml"), os.path.join(dbd, "fix2.yaml")

            def tidy(yaml_path):
                return [tidy_binary(a), f"--load={plugin_path(a)}",
                        f"--config={a.tidy_config or '{}'}",
                        f"-checks={a.checks}",
                        f"-header-filter={hf}", "-p",
                        dbd, f"--export-fixes={yaml_path}"] + flags + \
                    list(a.extra_arg or []) + [e["file"]]
            rec = {"tu": tu.label, "mode": mode}
            r1 = run_child(tidy(y1), cwd=e["directory"], timeout=a.timeout)
            files = {f for f in export_files(y1) if f.startswith(croot + os.sep)}
            changed = [f for f in sorted(files)
                       if digest(f) != digest(root + f[len(croot):])]
            rec["applied"] = bool(changed)
            rec["changed_files"] = [os.path.relpath(f, croot) for f in changed]
            rec["crash"] = is_crash(r1)
            if changed:
                cc = run_child(syntax_only(entry_args(e)) + std_override(a),
                               cwd=e["directory"], timeout=a.timeout)
                rec["compiled"] = cc["rc"] == 0
                if cc["rc"] != 0:
                    rec["compile_errors"] = [
                        l for l in cc["output"].splitlines() if "error:" in l][:10]
                    ob = run_child(syntax_only(entry_args(tu.entry))
                                   + std_override(a),
                                   cwd=tu.entry["directory"], timeout=a.timeout)
                    rec["original_compiles"] = ob["rc"] == 0
                before = {f: digest(f) for f in changed}
                r2 = run_child(tidy(y2), cwd=e["directory"], timeout=a.timeout)
                files2 = {f for f in export_files(y2) if f.startswith(croot + os.sep)}
                again = [f for f in sorted(files | files2)
                         if digest(f) != before.get(f, digest(root + f[len(croot):]))]
                rec["idempotent"] = not again
                rec["crash"] = rec["crash"] or is_crash(r2)
                if again:
                    rec["changed_again"] = [os.path.relpath(f, croot) for f in again]
                # Restore the copy for the next TU.
                for f in set(changed) | set(again):
                    shutil.copy2(root + f[len(croot):], f)
            status = "no change"
            if changed:
                status = ("compiles" if rec["compiled"] else "DOES NOT COMPILE") \
                    + (", idempotent" if rec["idempotent"] else ", NOT IDEMPOTENT")
            print(f"[{mode}] [{k + 1}/{len(tus)}] {tu.label}: {status}", flush=True)
            records.append(rec)
        if not a.keep_copies:
            shutil.rmtree(os.path.join(base, "src"), ignore_errors=True)
    return records


def fix_summary(records):
    out = {}
    for mode in ("fix", "fix-notes"):
        rs = [r for r in records if r["mode"] == mode]
        ap = [r for r in rs if r["applied"]]
        out[mode] = {"tus_with_fixits": len(rs), "applied": len(ap),
                     "compiled": sum(1 for r in ap if r["compiled"]),
                     "idempotent": sum(1 for r in ap if r["idempotent"])}
    return out


def fix_failures(records):
    return [r for r in records if r.get("crash") or r["applied"] and (
        not r["compiled"] or not r["idempotent"])]


def tus_with_fixits(a, tus):
    """Runs threads-* once with --export-fixes; returns (summary, the TUs
    whose export holds a replacement)."""
    d = tempfile.mkdtemp(prefix="corpus-fixes-")
    index = {id(t): k for k, t in enumerate(tus)}
    results = run_tus(a, tus, lambda tu: (tidy_cmd(
        a, tu, a.checks, extra=[f"--export-fixes={d}/{index[id(tu)]}.yaml"]),
        tu.entry["directory"]), a.jobs)
    s = summarize(tus, results)
    with_fix = [t for k, t in enumerate(tus)
                if export_has_fix(os.path.join(d, f"{k}.yaml"))]
    shutil.rmtree(d, ignore_errors=True)
    return s, results, with_fix


def cmd_fixes(a):
    work, tus = prepare(a)
    if getattr(a, "std", None):
        # C files cannot take a C++ standard; clang-tidy gets the override
        # through --extra-arg (tidy_cmd and run_fixes add a.extra_arg).
        tus = cxx_only(tus)
        a.extra_arg = list(a.extra_arg or []) + \
            [f"--extra-arg={x}" for x in std_override(a)]
        print(f"corpus: -std={a.std} for {len(tus)} C++ TUs", flush=True)
    _, _, with_fix = tus_with_fixits(a, tus)
    print(f"corpus: {len(with_fix)} of {len(tus)} TUs have fix-its", flush=True)
    records = run_fixes(a, work, with_fix)
    res = {"summary": fix_summary(records), "records": records}
    out = a.output or os.path.join(work, "results", "fixes.json")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    json.dump(res, open(out, "w"), indent=1)
    for mode, v in res["summary"].items():
        print(f"corpus: {mode}: {v['tus_with_fixits']} TUs with fix-its, "
              f"{v['applied']} applied, {v['compiled']} compiled, "
              f"{v['idempotent']} idempotent")
    return 1 if fix_failures(records) else 0


# --------------------------------------------------------------------------
# CI slice


def read_expected(path):
    if not os.path.exists(path):
        return []
    return sorted(l.rstrip("\n") for l in open(path)
                  if l.strip() and not l.startswith("#"))


EXPECTED_HEADER = """\
# threads-* findings on the CI slice (test/corpus/slice.txt), one
# `package:relpath:line: check: message` per line, sorted. Checked by
# `test/corpus/corpus.py ci`; regenerate with
# `test/corpus/corpus.py ci --update-expected` and review the diff.
"""


def enabled_checks(a):
    r = subprocess.run([tidy_binary(a), f"--load={plugin_path(a)}",
                        f"-checks={a.checks}", "--list-checks"],
                       capture_output=True, text=True)
    return [l.strip() for l in r.stdout.splitlines()
            if l.startswith(" ") and l.strip()]


def cmd_ci(a):
    a.slice = True
    if not a.no_fetch:
        a.packages, a.ring = None, "1"
        if cmd_fetch(a) != 0:
            print("corpus: the slice database is incomplete")
            return 1
    a.no_fetch = True
    work, tus = prepare(a)
    t0 = time.monotonic()
    s, results, with_fix = tus_with_fixits(a, tus)
    got = finding_lines(s)
    problems = []
    if a.update_expected:
        with open(a.expected, "w") as f:
            f.write(EXPECTED_HEADER)
            f.write(f"# Generated with clang-tidy {tidy_version(a)} and the "
                    f"checks: {', '.join(enabled_checks(a)) or 'none'}\n")
            f.writelines(l + "\n" for l in got)
        print(f"corpus: wrote {len(got)} findings to {a.expected}")
    else:
        exp = read_expected(a.expected)
        missing = sorted(set(exp) - set(got))
        extra = sorted(set(got) - set(exp))
        for l in missing:
            print(f"corpus: expected finding missing: {l}")
        for l in extra:
            print(f"corpus: unexpected finding: {l}")
        if missing or extra:
            problems.append(f"{len(missing)} expected findings missing, "
                            f"{len(extra)} unexpected (if intended, run "
                            "`test/corpus/corpus.py ci --update-expected`)")
    for c in s["crashes"]:
        print(f"corpus: CRASH {c['package']}/{c['file']}:\n  "
              + "\n  ".join(c["output_tail"][-15:]))
    if s["crashes"]:
        problems.append(f"{len(s['crashes'])} crashes")
    for p in s["parse_failures"]:
        print(f"corpus: parse failure {p['package']}/{p['file']}: "
              + "; ".join(p["errors"][:3]))
    if s["parse_failures"]:
        problems.append(f"{len(s['parse_failures'])} TUs with compile errors")
    if s["timeouts"]:
        problems.append(f"{len(s['timeouts'])} timeouts")
    records = run_fixes(a, work, with_fix)
    fsum = fix_summary(records)
    for r in fix_failures(records):
        print(f"corpus: fix-it failure: {json.dumps(r)}")
        problems.append(f"fix-it failure in {r['tu']} ({r['mode']})")
    s["fixes"] = {"summary": fsum, "records": records}
    out = a.output or os.path.join(work, "results", "ci.json")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    json.dump(s, open(out, "w"), indent=1)
    cpu = sum(r["cpu"] for r in results)
    print(f"corpus: slice: {len(tus)} TUs, {len(got)} findings, "
          f"{len(s['crashes'])} crashes, {len(s['parse_failures'])} parse "
          f"failures; fix-its: {fsum['fix']['applied']} applied "
          f"({fsum['fix']['compiled']} compile, {fsum['fix']['idempotent']} "
          f"idempotent), with --fix-notes {fsum['fix-notes']['applied']} "
          f"({fsum['fix-notes']['compiled']}, {fsum['fix-notes']['idempotent']}); "
          f"clang-tidy CPU {cpu:.0f}s, wall {time.monotonic() - t0:.0f}s")
    if problems:
        print("corpus: FAILED: " + "; ".join(problems))
        return 1
    print("corpus: slice OK")
    return 0



# --------------------------------------------------------------------------
# crash sweep over clang's front-end tests

LLVM_SRC_VERSION = {19: "1:19.1.7-3~deb12u1"}
SWEEP_DIRS = "SemaCXX,SemaTemplate,CodeGenCoroutines,Sema"
RUN_FLAG_RE = re.compile(
    r"(-std=\S+|-x\s+(?:c\+\+|c|objective-c\+\+|objective-c)\b|-f(?:blocks|ms-extensions|"
    r"cxx-exceptions|exceptions|coroutines|modules|gnu-keywords|char8_t|"
    r"no-rtti|sized-deallocation|ms-compatibility|borland-extensions|"
    r"relaxed-template-template-args|chars?-signed|no-signed-char|"
    r"wchar-type=\S+|openmp)\b|-D\S+|-U\S+|-triple\s+\S+|-I\s*\S+|-isystem\s*\S+|"
    r"-W[\w=+-]+|-pedantic\b|-ffreestanding\b|-fno-builtin\b)")


def sweep_flags(path):
    """Driver flags from the file's first clang RUN line (cc1-only flags are
    dropped; -triple becomes --target)."""
    run = ""
    try:
        for line in open(path, errors="replace"):
            m = re.search(r"RUN:\s*(.*)", line)
            if m and ("%clang" in m.group(1) or run):
                run += " " + m.group(1).rstrip("\\ \n")
                if not line.rstrip().endswith("\\"):
                    break
    except OSError:
        return []
    d = os.path.dirname(path)
    flags = []
    for f in RUN_FLAG_RE.findall(run):
        f = f.replace("%S", d).replace("%s", path)
        if f.startswith("-triple"):
            flags.append("--target=" + f.split()[1])
        elif f.startswith("-x"):
            flags += f.split()
        elif f.startswith(("-I", "-isystem")):
            flags += f.split() if " " in f else [f]
        elif f.startswith("-Werror"):
            continue
        else:
            flags.append(f)
    if "-fcoroutines" in flags:
        flags.remove("-fcoroutines")
    return flags


def fetch_llvm_tests(a, work, dirs):
    base = os.path.join(work, "sweep")
    os.makedirs(base, exist_ok=True)
    tests = os.path.join(base, "clang-test")
    todo = [d for d in dirs if not os.path.isdir(os.path.join(tests, d))]
    if not todo:
        return tests
    tars = glob.glob(os.path.join(base, "llvm-toolchain-*.orig.tar.xz"))
    if not tars:
        ver = LLVM_SRC_VERSION.get(a.llvm_major)
        pkg = f"llvm-toolchain-{a.llvm_major}" + (f"={ver}" if ver else "")
        enable_deb_src() and sh(root_prefix() + ["apt-get", "update", "-qq"])
        sh(["apt-get", "source", "--download-only", "-qq", pkg], cwd=base,
           quiet=True)
        tars = glob.glob(os.path.join(base, "llvm-toolchain-*.orig.tar.xz"))
    tmp = os.path.join(base, "extract")
    sh(NICE + ["tar", "-xJf", tars[0], "-C", base, "--wildcards"]
       + [f"*/clang/test/{d}/*" for d in todo], quiet=True)
    top = [p for p in glob.glob(os.path.join(base, "*", "clang", "test"))]
    os.makedirs(tests, exist_ok=True)
    for d in todo:
        shutil.move(os.path.join(top[0], d), os.path.join(tests, d))
    del tmp
    return tests


def cmd_sweep(a):
    work = os.path.abspath(a.work_dir)
    dirs = [d for d in a.dirs.split(",") if d]
    tests = fetch_llvm_tests(a, work, dirs)
    files = []
    for d in dirs:
        for dp, _, fs in os.walk(os.path.join(tests, d)):
            if os.sep + "Inputs" in dp:
                continue
            files += [os.path.join(dp, f) for f in sorted(fs)
                      if f.endswith((".c", ".cpp", ".cc", ".cxx"))]
    files.sort()
    files = files[a.offset::a.every]
    if a.limit:
        files = files[:a.limit]
    plugin = plugin_path(a)
    base_checks = BASE_CHECKS

    def cmd(f, with_plugin):
        c = [tidy_binary(a)]
        if with_plugin:
            c.append(f"--load={plugin}")
        c += ["--config={}",
              f"-checks={base_checks}" + (",threads-*" if with_plugin else ""),
              f, "--"] + sweep_flags(f)
        if f.endswith(".c") and "-x" not in c:
            c += ["-x", "c"]
        return c

    lock = threading.Lock()
    done = [0]
    plugin_only, both, timeouts = [], [], []

    def one(f):
        r = run_child(cmd(f, True), cwd=os.path.dirname(f), timeout=a.timeout)
        rel = os.path.relpath(f, tests)
        status = ""
        if r["timeout"]:
            timeouts.append(rel)
            status = " TIMEOUT"
        elif is_crash(r):
            b = run_child(cmd(f, False), cwd=os.path.dirname(f),
                          timeout=a.timeout)
            if is_crash(b):
                both.append(rel)
                status = " crash (also without plugin)"
            else:
                plugin_only.append({"file": rel, "cmd": cmd(f, True),
                                    "output_tail": r["output"].splitlines()[-30:]})
                status = " CRASH (plugin only)"
        with lock:
            done[0] += 1
            print(f"[{done[0]}/{len(files)}] {rel} {r['cpu']:.1f}s{status}",
                  flush=True)

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        list(ex.map(one, files))
    res = {"files": len(files), "dirs": dirs, "every": a.every,
           "plugin_only_crashes": plugin_only, "crashes_without_plugin_too": both,
           "timeouts": timeouts, "wall_seconds": round(time.monotonic() - t0)}
    out = a.output or os.path.join(work, "results", "sweep.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    json.dump(res, open(out, "w"), indent=1)
    print(f"corpus: sweep: {len(files)} files, {len(plugin_only)} crashes only "
          f"with the plugin, {len(both)} also without it, {len(timeouts)} "
          f"timeouts; wall {res['wall_seconds']}s; result: {out}")
    return 1 if plugin_only else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)

    def common(p):
        p.add_argument("--work-dir", default=os.path.join(ROOT, "build", "corpus"),
                       help="corpus folder (default: build/corpus)")
        p.add_argument("--llvm-major", type=int, default=19,
                       help="LLVM major of clang-tidy and the plugin (default 19)")
        p.add_argument("--ring", default="1",
                       help="which corpus: 1 (default, the CI ring: "
                       + ",".join(RING1) + "), 2 (not in CI: "
                       + ",".join(RING2) + ") or all")
        p.add_argument("--packages", help="comma-separated packages of any "
                       "ring (instead of --ring)")
        p.add_argument("--build-jobs", type=int, default=2,
                       help="make/ninja jobs of the builds that fetch runs "
                       "(memcached, ring 2's autotools packages; default 2)")
        return p

    p = common(sub.add_parser("fetch", help="fetch and configure the corpus"))
    p.set_defaults(func=cmd_fetch)

    def tidy_opts(p):
        common(p)
        p.add_argument("--clang-tidy", help="clang-tidy binary "
                       "(default clang-tidy-<major>)")
        p.add_argument("--plugin", help="libThreadsTidy.so "
                       "(default build/llvm-<major>/libThreadsTidy.so)")
        p.add_argument("--compile-commands", metavar="PATH",
                       help="any compile_commands.json (or its folder) "
                       "instead of the corpus packages")
        p.add_argument("--source-root", help="with --compile-commands: "
                       "paths are reported relative to it and it is the "
                       "header filter (default: common folder of the files)")
        p.add_argument("--name", help="with --compile-commands: the "
                       "package name in reports")
        p.add_argument("--slice", action="store_true",
                       help="the CI slice (test/corpus/slice.txt)")
        p.add_argument("--shard", metavar="I/N",
                       help="run every N-th TU starting at the I-th (1-based)")
        p.add_argument("--limit", type=int, help="first N TUs only")
        p.add_argument("--main-file-grep", metavar="REGEX",
                       help="only the TUs whose main file's text matches "
                       "(e.g. 'lock|Lock|mutex|Mutex' for the analyzer's "
                       "unix.BlockInCriticalSection, which needs a lock on "
                       "a path of a main-file function)")
        p.add_argument("--user-code-grep", metavar="REGEX", action="append",
                       help="only the TUs whose main file or a project "
                       "header it includes (the compiler's -MM list) "
                       "matches; repeatable, every REGEX must match (e.g. "
                       "'(?<![\\w.>])(sleep|getc|getchar|fgets|read|recv)"
                       "\\s*\\(' "
                       "for the five calls unix.BlockInCriticalSection "
                       "knows)")
        p.add_argument("--header-filter", help="default: the corpus src folder")
        p.add_argument("--tidy-config", metavar="YAML",
                       help="clang-tidy --config value, e.g. check options: "
                       "\"{CheckOptions: {threads-unreleased-lock."
                       "ExtraLockPairs: 'g_mutex_lock=g_mutex_unlock'}}\" "
                       "(default {}: no .clang-tidy file applies)")
        p.add_argument("--extra-arg", action="append",
                       help="passed to clang-tidy (repeatable), e.g. "
                       "--extra-arg=--extra-arg=-Wno-error")
        p.add_argument("-j", "--jobs", type=int, default=2)
        p.add_argument("--timeout", type=int, default=900,
                       help="seconds per clang-tidy process")
        p.add_argument("-o", "--output", help="JSON result path")
        p.add_argument("--no-fetch", action="store_true",
                       help="do not run the fetch step first")
        return p

    p = tidy_opts(sub.add_parser("run", help="threads-* over every TU"))
    p.add_argument("--checks", default="-*,threads-*")
    p.add_argument("--findings-out", help="also write the sorted finding lines")
    p.set_defaults(func=cmd_run)

    p = tidy_opts(sub.add_parser("overhead", help="CPU with/without module"))
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--every", type=int, default=1,
                   help="measure every N-th selected TU")
    p.add_argument("--threads-checks", default="threads-*")
    p.add_argument("--compare-plugin", metavar="SO", action="append",
                   help="also measure this plugin (an earlier build), "
                   "interleaved in the same run (repeatable)")
    p.add_argument("--write-doc", metavar="MD",
                   help="replace the overhead block of this markdown file")
    p.add_argument("--doc-block", default="overhead",
                   help="name of the <!-- corpus:NAME:begin/end --> block")
    p.set_defaults(func=cmd_overhead)

    p = tidy_opts(sub.add_parser("fixes", help="apply, recompile, rerun fix-its"))
    p.add_argument("--checks", default="-*,threads-*")
    p.add_argument("--fixes-dir", help="where the source copies go "
                   "(default WORK/fixes; it is emptied first, so give each "
                   "concurrent fixes/ci run in a shared work folder its own)")
    p.add_argument("--keep-copies", action="store_true")
    p.add_argument("--std", metavar="STD",
                   help="compile every C++ TU with -std=STD (e.g. c++20) for "
                   "clang-tidy and for the recompile of the fixed file, so "
                   "that C++20-only fix-its apply to older code bases "
                   "(C TUs are left out); e.g. --checks=-*,"
                   "threads-unjoined-thread --std=c++20")
    p.set_defaults(func=cmd_fixes)

    p = tidy_opts(sub.add_parser("ci", help="the CI slice gate"))
    p.add_argument("--checks", default="-*,threads-*")
    p.add_argument("--expected", default=EXPECTED_FILE)
    p.add_argument("--update-expected", action="store_true",
                   help="rewrite the expected findings from this run")
    p.add_argument("--keep-copies", action="store_true")
    p.set_defaults(func=cmd_ci)

    p = common(sub.add_parser("sweep", help="crash sweep over clang's tests"))
    p.add_argument("--clang-tidy")
    p.add_argument("--plugin")
    p.add_argument("--dirs", default=SWEEP_DIRS,
                   help=f"clang/test subfolders (default {SWEEP_DIRS})")
    p.add_argument("--every", type=int, default=1, help="every N-th file")
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--limit", type=int)
    p.add_argument("-j", "--jobs", type=int, default=2)
    p.add_argument("--timeout", type=int, default=120)
    p.add_argument("-o", "--output")
    p.set_defaults(func=cmd_sweep)
    # A check list starts with '-' ('-*,threads-*'): argparse would take it
    # for an option, so `--checks '-*,x'` is joined into `--checks=-*,x`.
    argv = list(sys.argv[1:] if argv is None else argv)
    for i in range(len(argv) - 1, 0, -1):
        if argv[i - 1] in ("--checks", "--threads-checks") and \
                argv[i].startswith("-"):
            argv[i - 1:i + 1] = [argv[i - 1] + "=" + argv[i]]
    a = ap.parse_args(argv)
    return a.func(a)


if __name__ == "__main__":
    sys.exit(main())
