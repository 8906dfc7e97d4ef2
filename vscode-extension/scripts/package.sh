#!/usr/bin/env bash
# Builds the .vsix offline. With a server binary argument, bundles it as server/wit-lsp and
# packages for that platform (default linux-x64):
#   scripts/package.sh                                  # universal .vsix, server from setting/PATH
#   scripts/package.sh path/to/wit-lsp [linux-x64]      # platform-specific .vsix with the server
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf server
node esbuild.mjs --production
if [ $# -ge 1 ]; then
  mkdir -p server
  cp "$1" server/wit-lsp
  chmod +x server/wit-lsp
  target="${2:-linux-x64}"
  npx vsce package --no-dependencies --skip-license --target "$target" -o "wit-lsp-$target.vsix"
  rm -rf server
else
  npx vsce package --no-dependencies --skip-license -o wit-lsp.vsix
fi
