#!/bin/sh
# Installs Gleaner from the source tree: the binary (built with the Swift runtime linked in, so that it runs
# without the toolchain), its man page and shell completions (both generated from the command-line parser's own
# definitions, so they cannot drift from `--help`), the systemd units and the README.
#
#   sh scripts/install.sh                 # into /usr/local (the units' ExecStart= path); run as root
#   DESTDIR=/tmp/stage sh scripts/install.sh   # staged, e.g. for a package
#
# PREFIX (default /usr/local) and DESTDIR work as in any Makefile. The units go to $DESTDIR/etc/systemd/system.
set -eu
cd "$(dirname "$0")/.."
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}

swift build -c release --static-swift-stdlib --product gleaner
bin=.build/release/gleaner
# Nothing from the toolchain's folder may be linked: the machine that runs the daemon has no Swift installed.
toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")
if ldd "$bin" | grep -F "$toolchain/"; then
    echo "install.sh: $bin links libraries from the Swift toolchain ($toolchain)" >&2
    exit 1
fi

# swift-argument-parser's generate-manual reads the binary's own help dump (its package plugin does the same, but
# builds the whole package a second time to get there).
swift build -c release --static-swift-stdlib --product generate-manual
mkdir -p .build/man
.build/release/generate-manual "$bin" --section 1 --output-directory .build/man

install -D -m 755 "$bin" "$DESTDIR$PREFIX/bin/gleaner"
install -D -m 644 .build/man/gleaner.1 "$DESTDIR$PREFIX/share/man/man1/gleaner.1"
install -d "$DESTDIR$PREFIX/share/bash-completion/completions" "$DESTDIR$PREFIX/share/zsh/site-functions" \
    "$DESTDIR$PREFIX/share/fish/vendor_completions.d"
"$bin" --generate-completion-script bash >"$DESTDIR$PREFIX/share/bash-completion/completions/gleaner"
"$bin" --generate-completion-script zsh >"$DESTDIR$PREFIX/share/zsh/site-functions/_gleaner"
"$bin" --generate-completion-script fish >"$DESTDIR$PREFIX/share/fish/vendor_completions.d/gleaner.fish"
install -D -m 644 README.md "$DESTDIR$PREFIX/share/doc/gleaner/README.md"
install -D -m 644 feeds.conf "$DESTDIR$PREFIX/share/doc/gleaner/feeds.conf.example"
install -D -m 644 systemd/gleaner.service "$DESTDIR/etc/systemd/system/gleaner.service"
install -D -m 644 systemd/gleaner-fetch.service "$DESTDIR/etc/systemd/system/gleaner-fetch.service"
install -D -m 644 systemd/gleaner-fetch.timer "$DESTDIR/etc/systemd/system/gleaner-fetch.timer"
echo "installed gleaner into $DESTDIR$PREFIX (man gleaner; completions for bash, zsh and fish; units in $DESTDIR/etc/systemd/system)"
