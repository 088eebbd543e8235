#!/usr/bin/env bash
# Installs what test/gate/sarif-schema.test needs into build/npm: the official
# SARIF 2.1.0 JSON schema (final 2.1.0-rtm.5, as shipped by Microsoft's
# @microsoft/jest-sarif) and the ajv JSON-schema validator it depends on.
# Needs node and npm (Debian: nodejs npm); reruns are no-ops.
set -euo pipefail
source "$(dirname "$0")/common.sh"
dir="$THREADS_TIDY_ROOT/build/npm"
if [ -f "$dir/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json" ] \
    && [ -f "$dir/node_modules/ajv/package.json" ]; then
  exit 0
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  install_packages nodejs npm
fi
mkdir -p "$dir"
npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error \
  @microsoft/jest-sarif@1.0.0-beta.0 >&2
