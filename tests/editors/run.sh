#!/usr/bin/env bash
# Headless Neovim and Emacs (eglot) checks of wit-lsp with the configurations the README
# documents: each opens a broken WIT file and waits for its diagnostics, then hovers a type.
#   tests/editors/run.sh [neovim|emacs ...]      (default: both)
# Env: WIT_LSP_SERVER (default ~/.cache/wit-lsp-target/debug/wit-lsp).
# Needs Debian's `neovim`, `emacs-nox` and `elpa-eglot`. Exits 1 if any editor check fails.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
server="${WIT_LSP_SERVER:-$HOME/.cache/wit-lsp-target/debug/wit-lsp}"
if [ ! -x "$server" ]; then
  echo "error: the wit-lsp server is missing: $server (cargo build -p wit-lsp, or set WIT_LSP_SERVER)" >&2
  exit 2
fi
editors=("$@")
[ ${#editors[@]} -gt 0 ] || editors=(neovim emacs)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ws" "$work/bin"
ln -s "$server" "$work/bin/wit-lsp"
cat > "$work/ws/broken.wit" <<'WIT'
package demo:broken;

interface shapes {
    /// Uses a type that does not exist.
    area: func(s: missing-type) -> f64;
}
WIT
cat > "$work/ws/good.wit" <<'WIT'
package demo:good;

interface geometry {
    /// A point in the plane.
    record point {
        x: s32,
        y: s32,
    }

    distance: func(a: point, b: point) -> f64;
}
WIT
# Each file is a package of its own: a directory of them would be one package with two
# `package` lines. Put each in its own directory, as users have them.
mkdir -p "$work/ws/broken" "$work/ws/good"
mv "$work/ws/broken.wit" "$work/ws/broken/"
mv "$work/ws/good.wit" "$work/ws/good/"

# The README's snippets, so what users copy is what is tested.
readme_block() { # $1: the bold editor heading, $2: the fence language; prints the first block
  awk -v head="**$1**" -v fence="\`\`\`$2" '
    index($0, head) == 1 { seen = 1; next }
    seen && $0 == fence { inside = 1; next }
    inside && $0 == "```" { exit }
    inside { print }
  ' "$repo/README.md"
}
readme_block Neovim lua > "$work/readme-neovim.lua"
readme_block "Neovim 0.7" lua > "$work/readme-neovim07.lua"
readme_block Emacs elisp > "$work/readme-emacs.el"
for snippet in readme-neovim.lua readme-neovim07.lua readme-emacs.el; do
  if [ ! -s "$work/$snippet" ]; then
    echo "error: README.md lost the editor snippet that $snippet is taken from" >&2
    exit 1
  fi
done

status=0
for editor in "${editors[@]}"; do
  echo "== $editor"
  case "$editor" in
    neovim)
      (cd "$work/ws" && PATH="$work/bin:$PATH" WIT_TEST_DIR="$work/ws" \
        WIT_README_NVIM="$work/readme-neovim.lua" WIT_README_NVIM07="$work/readme-neovim07.lua" \
        timeout 120 nvim --headless --clean -u "$here/neovim.lua" </dev/null)
      rc=$?
      ;;
    emacs)
      PATH="$work/bin:$PATH" WIT_TEST_DIR="$work/ws" WIT_README_EMACS="$work/readme-emacs.el" \
        timeout 120 emacs --batch --no-init-file -l "$here/emacs.el" </dev/null
      rc=$?
      ;;
    *)
      echo "unknown editor: $editor" >&2
      rc=2
      ;;
  esac
  if [ $rc -eq 0 ]; then echo "$editor: PASS"; else echo "$editor: FAIL ($rc)"; status=1; fi
done
exit $status
