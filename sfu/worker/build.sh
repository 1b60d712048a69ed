#!/usr/bin/env bash
# sfu/worker/build.sh - build mediasoup's C++ worker from the npm package's sources against
# Debian's system libraries, with no download except Debian packages (apt).
#
# Ported from the measured recipe in shared/tools/build-mediasoup-worker.sh. mediasoup's own
# postinstall (GitHub prebuilt download, then pip meson + meson wraps that download openssl,
# libuv, libsrtp, usrsctp, abseil, flatbuffers, liburing) is skipped via package.json
# "allowScripts": {"mediasoup": false}; this script drops tiny meson "shim" subprojects into
# worker/subprojects/ that map each subproject() to a pkg-config dependency, patches one line of
# DtlsTransport.cpp (see step 3) and runs meson + ninja itself.
#
# Usage:  sfu/worker/build.sh [APP_DIR]   (default: the repository root)
#   APP_DIR/node_modules/mediasoup must be installed (npm install does it).
# Env:    JOBS (default nproc), KEEP_BUILD=1 keeps the 19 MB build dir, FORCE=1 rebuilds.
# Result: APP_DIR/node_modules/mediasoup/worker/out/Release/mediasoup-worker, mediasoup's
#         default worker path, so no env var is needed at run time.
# Called by sfu/worker/install.sh, which caches the binary outside the clone.
set -euo pipefail

APP_DIR="${1:-$(cd "$(dirname "$0")/../.." && pwd)}"
mkdir -p "$APP_DIR" && APP_DIR="$(cd "$APP_DIR" && pwd)"
JOBS="${JOBS:-$(nproc)}"

# ---------------------------------------------------------------- 1. Debian
DEB_PKGS=(g++ pkg-config meson ninja-build
  libssl-dev libuv1-dev libsrtp2-dev libusrsctp-dev libabsl-dev
  libflatbuffers-dev flatbuffers-compiler)
missing=()
for p in "${DEB_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo ">> apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  if [ -n "$SUDO" ] && ! command -v sudo >/dev/null; then
    echo "mediasoup worker build needs these Debian packages: ${missing[*]} (run as root or install them)" >&2
    exit 1
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ------------------------------------------------------- 2. mediasoup sources
cd "$APP_DIR"
MS="$APP_DIR/node_modules/mediasoup"
W="$MS/worker"
[ -f "$W/meson.build" ] || { echo "no $W/meson.build" >&2; exit 1; }
BIN="$W/out/Release/mediasoup-worker"
worker_ok() { # mediasoup's own check: without MEDIASOUP_VERSION the worker exits 41
  [ -x "$BIN" ] || return 1
  local rc=0; env -i "$BIN" >/dev/null 2>&1 || rc=$?
  [ "$rc" = 41 ]
}

# ------------------------------------------------- 3. one-line source fix
# DtlsTransport's BIO callback (onSslBioOut) returns 1 in every BIO_CB_RETURN
# phase instead of the real result: it tests "operationType == BIO_CB_RETURN",
# which is never true since the flag always comes OR'ed with the operation. So
# every BIO_ctrl() on the outgoing BIO answers 1, including
# BIO_CTRL_GET_KTLS_SEND. OpenSSL built without kTLS ignores that (Node's
# bundled 3.0.19: no crash); Debian's libssl3 (3.0.17/3.0.20/3.0.22 tried) has
# kTLS, believes kernel TLS is on for the BIO, allocates no
# record write buffer, and SSL_read() segfaults (write to NULL) when writing the
# first DTLS handshake flight, i.e. for every WebRTC client. The buggy line is in
# mediasoup 3.13.0-3.13.20 and 3.13.23+ (3.15.8 included). Pass the result through.
DTLS_CPP="$W/src/RTC/DtlsTransport.cpp"
# Skip if this script already built a working worker here (patched source).
if [ "${FORCE:-0}" != 1 ] && worker_ok && grep -q '(operationType & BIO_CB_RETURN)' "$DTLS_CPP"; then
  echo "mediasoup-worker already built: $BIN (FORCE=1 to rebuild)"; exit 0
fi
if grep -q '(operationType == BIO_CB_RETURN) ? static_cast<long>(ret) : 1' "$DTLS_CPP"; then
  sed -i 's/(operationType == BIO_CB_RETURN) ? static_cast<long>(ret) : 1/(operationType \& BIO_CB_RETURN) ? static_cast<long>(ret) : 1/' "$DTLS_CPP"
  echo "patched $DTLS_CPP (BIO callback return value)"
elif ! grep -q '(operationType & BIO_CB_RETURN)' "$DTLS_CPP"; then
  echo "WARNING: DtlsTransport.cpp BIO callback not found; check it by hand" >&2
fi

# ------------------------------------------------------- 4. shim subprojects
SUB="$W/subprojects"
wrapdir() { sed -n 's/^directory *= *//p' "$SUB/$1.wrap" | tr -d '\r'; }
shim() { # shim WRAPNAME [meson_options.txt content]; meson.build on stdin
  local d; d="$SUB/$(wrapdir "$1")"
  rm -rf "$d"; mkdir -p "$d"
  cat > "$d/meson.build"
  if [ -n "${2:-}" ]; then printf '%s\n' "$2" > "$d/meson_options.txt"; fi
}
# Variables are the ones worker/meson.build and worker/deps/libwebrtc/meson.build
# read with get_variable(). The *_lib / bare-name ones only feed link_whole of
# libmediasoup-worker (not built by default): an empty list is enough.
# meson_options.txt files declare the options the worker passes in
# subproject(default_options: ...).

shim openssl <<'EOF'
project('openssl', 'c')
openssl_dep = dependency('openssl')
libssl_dep = dependency('libssl')
libcrypto_dep = dependency('libcrypto')
libssl_lib = []
libcrypto_lib = []
EOF

shim libuv "option('build_tests', type: 'boolean', value: false)
option('build_benchmarks', type: 'boolean', value: false)" <<'EOF'
project('libuv', 'c')
libuv_dep = dependency('libuv')
libuv = []
EOF

# mediasoup >= 3.13.11 builds against versatica's libsrtp fork ("v3.0-alpha"): the
# libsrtp2 API except that srtp_{protect,unprotect}[_rtcp]() take size_t* lengths
# and srtp_remove_stream() is called srtp_stream_remove(). Debian has stock
# libsrtp2 2.5 (<srtp2/srtp.h>), so the shim adds an <srtp.h> with C++ overloads.
shim libsrtp2 "option('crypto-library', type: 'string', value: 'openssl')
option('crypto-library-kdf', type: 'string', value: 'disabled')
option('tests', type: 'string', value: 'disabled')" <<'EOF'
project('libsrtp2', 'c')
libsrtp2_dep = declare_dependency(
  dependencies: [dependency('libsrtp2')],
  include_directories: include_directories('include'),
)
libsrtp2 = []
EOF
mkdir -p "$SUB/$(wrapdir libsrtp2)/include"
cat > "$SUB/$(wrapdir libsrtp2)/include/srtp.h" <<'EOF'
#ifndef MS_SHIM_SRTP_H
#define MS_SHIM_SRTP_H
#include <srtp2/srtp.h>
#ifdef __cplusplus
#include <cstddef>
#include <cstdint>
#define MS_SHIM_SRTP_SIZE_T_WRAP(fn)                                  \
  inline srtp_err_status_t fn(srtp_t ctx, void* buf, size_t* len)     \
  {                                                                   \
    int l = static_cast<int>(*len);                                   \
    const srtp_err_status_t err = fn(ctx, buf, &l);                   \
    if (err == srtp_err_status_ok) *len = static_cast<size_t>(l);     \
    return err;                                                       \
  }
MS_SHIM_SRTP_SIZE_T_WRAP(srtp_protect)
MS_SHIM_SRTP_SIZE_T_WRAP(srtp_unprotect)
MS_SHIM_SRTP_SIZE_T_WRAP(srtp_protect_rtcp)
MS_SHIM_SRTP_SIZE_T_WRAP(srtp_unprotect_rtcp)
#undef MS_SHIM_SRTP_SIZE_T_WRAP
inline srtp_err_status_t srtp_stream_remove(srtp_t session, uint32_t ssrc)
{
  return srtp_remove_stream(session, ssrc);
}
#endif
#endif
EOF

shim usrsctp "option('sctp_build_programs', type: 'boolean', value: false)" <<'EOF'
project('usrsctp', 'c')
usrsctp_dep = dependency('usrsctp')
usrsctp = []
EOF

shim abseil-cpp <<'EOF'
project('abseil-cpp', 'cpp')
absl_container_dep = declare_dependency(dependencies: [
  dependency('absl_flat_hash_map'),
  dependency('absl_flat_hash_set'),
  dependency('absl_btree'),
  dependency('absl_inlined_vector'),
  dependency('absl_memory'),
])
absl_strings_dep = dependency('absl_strings')
absl_types_dep = declare_dependency(dependencies: [
  dependency('absl_optional'),
  dependency('absl_variant'),
])
absl_container_lib = []
EOF

# Only the (not built by default) test binaries use catch2.
shim catch2 <<'EOF'
project('catch2', 'cpp')
catch2_dep = declare_dependency()
catch2_with_main_dep = declare_dependency()
EOF

# worker/fbs/meson.build runs find_program('flatc') -> Debian's /usr/bin/flatc
# 2.0.8; the headers it generates static_assert the 2.0.8 Debian headers.
shim flatbuffers <<'EOF'
project('flatbuffers', 'cpp')
flatbuffers_dep = dependency('flatbuffers')
flatbuffers_lib = []
EOF

# Not used: Debian's liburing 2.3 lacks io_uring_major_version() and
# io_uring_prep_sendto() used by src/DepLibUring.cpp, so io_uring is disabled
# with -Dms_disable_liburing=true below. The shim only keeps meson happy.
shim liburing <<'EOF'
project('liburing', 'c')
uring = dependency('liburing', required: false)
liburing = []
EOF

# ------------------------------------------------------------ 5. meson/ninja
MESON="${MESON:-meson}"
cd "$W"
# worker/meson.build asks for meson >= 1.1.0; bookworm has 1.0.1, which builds
# it fine (no FeatureNew warnings), so relax the requirement if needed.
if ! printf '1.1.0\n%s\n' "$("$MESON" --version)" | sort -V -C; then
  sed -i "s/meson_version: '>= 1.1.0'/meson_version: '>= 1.0.0'/" meson.build
fi
BUILD="$W/out/Release/build"
rm -rf "$BUILD"
"$MESON" setup --prefix "$W/out/Release" --bindir "" --libdir "" \
  --buildtype release -Db_ndebug=true --wrap-mode=nodownload \
  -Dms_disable_liburing=true "$BUILD"
# FBS headers first (mediasoup's tasks.py does the same: no dependency edge).
"$MESON" compile -C "$BUILD" flatbuffers-generator
"$MESON" compile -C "$BUILD" -j "$JOBS" mediasoup-worker
"$MESON" install -C "$BUILD" --no-rebuild --tags mediasoup-worker

worker_ok || { echo "worker sanity check failed (want exit code 41)" >&2; exit 1; }
[ "${KEEP_BUILD:-0}" = 1 ] || rm -rf "$BUILD"
ls -l "$BIN"
# Start it for real through mediasoup's Node API (default worker path).
cd "$APP_DIR"
node -e "require('mediasoup').createWorker().then(async w => {
  const r = await w.createRouter({ mediaCodecs: [{ kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 }] });
  console.log('createWorker OK, pid', w.pid, 'router', r.id); w.close(); })"
echo "OK: $BIN"
