#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3 served to a browser) for the integration
# test, under $WIT_LSP_EDITORS_DIR (default ~/.cache/wit-lsp-editors), outside the clone.
# Idempotent: does nothing when that version is already installed. Prints the binary path.
# Needs the apt packages installed by .ci/run (chromium ripgrep libkrb5-dev libx11-dev
# libxkbfile-dev libsecret-1-dev pkg-config); see ../shared/EDITORS.md for why each is needed.
set -euo pipefail
version=4.100.3
root="${WIT_LSP_EDITORS_DIR:-$HOME/.cache/wit-lsp-editors}"
dir="$root/code-server-$version"
bin="$dir/node_modules/.bin/code-server"
if [ -x "$bin" ] && [ -f "$dir/.installed" ]; then
  echo "$bin"
  exit 0
fi
mkdir -p "$dir"
# code-server's postinstall downloads ripgrep; offline, seed its cache with Debian's rg.
cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
if [ ! -f "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ]; then
  rgtmp="$(mktemp -d)"
  mkdir -p "$cache"
  cp "$(command -v rg)" "$rgtmp/rg"
  tar czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$rgtmp" rg
  rm -rf "$rgtmp"
fi
cd "$dir"
[ -f package.json ] || echo '{ "name": "wit-lsp-code-server", "private": true }' > package.json
npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund \
  "code-server@$version" --foreground-scripts >&2
touch "$dir/.installed"
echo "$bin"
