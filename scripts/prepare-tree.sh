#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make build/src/linux-source-6.12 = Debian's base tree + patches/series +
# our new files (symlinked at their in-tree paths). Incremental: the tree is
# unpacked once; only patches that changed are popped and pushed again, so
# an edit to one of our files rebuilds only what depends on it.
source "$(dirname "$0")/lib.sh"

APPLIED=$SRC/.kho-applied	# copies of the patches applied, in order
# The series to apply (patches from patches/); scripts/check-series.sh
# passes prefixes of patches/series.
SERIES=${KHO_SERIES:-$TOP/patches/series}

unpack() {
	[ -f "$SRC/.kho-unpacked" ] && return
	[ -f "$BASE_TARBALL" ] || die "$BASE_TARBALL missing (make deps)"
	say "unpacking $(basename "$BASE_TARBALL")"
	rm -rf "$SRC"
	mkdir -p "$BUILD/src"
	tar -C "$BUILD/src" -xf "$BASE_TARBALL"
	mkdir -p "$APPLIED"
	: > "$APPLIED/series"
	touch "$SRC/.kho-unpacked"
}

apply_one() {
	local p=$1 out
	# --fuzz=0: a patch that does not apply exactly is an error, not a guess.
	if ! out=$(patch -d "$SRC" -p1 --fuzz=0 --no-backup-if-mismatch -s -N \
		   < "$TOP/patches/$p" 2>&1); then
		printf '%s\n' "$out" >&2
		die "patch $p does not apply cleanly to the base tree"
	fi
	if printf '%s' "$out" | grep -qi 'fuzz\|offset'; then
		printf '%s\n' "$out" >&2
		die "patch $p applies only with fuzz/offset; refresh it"
	fi
	cp "$TOP/patches/$p" "$APPLIED/$p"
	echo "$p" >> "$APPLIED/series"
}

sync_patches() {
	local want=() have=() i keep=0 p
	[ -f "$SERIES" ] &&
		mapfile -t want < <(grep -v '^\s*\(#\|$\)' "$SERIES")
	mapfile -t have < "$APPLIED/series"

	# Longest common prefix of identical patches stays applied.
	while [ $keep -lt ${#want[@]} ] && [ $keep -lt ${#have[@]} ] &&
	      [ "${want[$keep]}" = "${have[$keep]}" ] &&
	      cmp -s "$TOP/patches/${want[$keep]}" "$APPLIED/${have[$keep]}"; do
		keep=$((keep + 1))
	done

	for ((i = ${#have[@]} - 1; i >= keep; i--)); do
		p=${have[$i]}
		say "popping $p"
		patch -d "$SRC" -p1 -R --fuzz=0 --no-backup-if-mismatch -s \
			< "$APPLIED/$p" || die "cannot revert $p; run make clean"
		rm -f "$APPLIED/$p"
	done
	printf '%s\n' "${have[@]:0:$keep}" | grep -v '^$' > "$APPLIED/series.new" || true
	mv "$APPLIED/series.new" "$APPLIED/series"

	for ((i = keep; i < ${#want[@]}; i++)); do
		say "applying ${want[$i]}"
		apply_one "${want[$i]}"
	done
}

# Our new files: every tracked or untracked (not ignored) file below the
# kernel-tree directories of the repo (and our memblock simulator tests),
# linked into the base tree.
link_files() {
	local f dst
	( cd "$TOP" && git ls-files -co --exclude-standard -- \
		kernel mm lib include arch Documentation \
		tools/testing/memblock ) |
	while read -r f; do
		[ -f "$TOP/$f" ] || continue
		dst=$SRC/$f
		if [ -e "$dst" ] && [ ! -L "$dst" ]; then
			die "$f exists in the base tree; change it with a patch instead"
		fi
		[ "$(readlink "$dst" 2>/dev/null)" = "$TOP/$f" ] && continue
		mkdir -p "$(dirname "$dst")"
		ln -sfn "$TOP/$f" "$dst"
	done
	# Drop links to files we removed.
	find "$SRC" -type l -lname "$TOP/*" ! -exec test -e {} \; -print |
		while read -r f; do rm -f "$f"; done
}

unpack
sync_patches
link_files
