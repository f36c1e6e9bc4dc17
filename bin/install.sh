#!/usr/bin/env bash
# Installs recur under PREFIX (default ~/.local): the launcher as PREFIX/bin/recur, the jar in
# PREFIX/lib/recur/, the man pages in PREFIX/share/man/man1 (man finds them when PREFIX/bin is on
# the PATH) and the bash completion in PREFIX/share/bash-completion/completions (where
# bash-completion loads it on first use). Run it from an unpacked release archive; in a source
# checkout it first builds that archive with Maven.
#   PREFIX=/usr/local bin/install.sh        DESTDIR=/tmp/stage bin/install.sh  (for packagers)
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
prefix=${PREFIX:-$HOME/.local}
dest="${DESTDIR:-}$prefix"

src=$here
if [ ! -f "$src/lib/recur/recur.jar" ]; then
  [ -f "$here/pom.xml" ] || { echo "install.sh: no lib/recur/recur.jar beside me and no pom.xml to build it" >&2; exit 3; }
  echo "install.sh: building the release archive with Maven ..." >&2
  (cd "$here" && mvn -q -B -o -Dmaven.test.skip=true package >&2 || mvn -q -B -Dmaven.test.skip=true package >&2)
  archive=$(ls "$here"/target/recur-*.tar.gz | head -n 1)
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  tar -xzf "$archive" -C "$tmp"
  src=$(echo "$tmp"/recur-*)
fi

install -d "$dest/bin" "$dest/lib/recur" "$dest/share/man/man1" "$dest/share/bash-completion/completions"
install -m 0755 "$src/bin/recur" "$dest/bin/recur"
install -m 0644 "$src/lib/recur/recur.jar" "$dest/lib/recur/recur.jar"
install -m 0644 "$src"/share/man/man1/*.1 "$dest/share/man/man1/"
install -m 0644 "$src/share/bash-completion/completions/recur" "$dest/share/bash-completion/completions/recur"
echo "install.sh: installed recur in $dest (bin/recur, lib/recur, share/man/man1, share/bash-completion)" >&2
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "install.sh: add $prefix/bin to your PATH" >&2 ;;
esac
