#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Check the KHO documentation against the code:
#  1. scripts/kernel-doc -none -Wall reports nothing on our sources;
#  2. every non-static function of our .c files has a kernel-doc comment;
#  3. every message our code prints (pr_err/pr_warn/pr_notice/pr_info in
#     kernel/kexec_handover*.c, kernel/kstate.c, mm/memblock-kho.c and the
#     patches of the series) is explained in
#     Documentation/admin-guide/mm/kho.rst: each constant part of its
#     format string must appear there verbatim;
#  4. if Sphinx is installed, "make htmldocs" of admin-guide/mm and
#     core-api/kho gives no warning about our files, and the pages contain
#     what the kernel-doc directives pull in. Without Sphinx this step is
#     skipped (and said so), not failed.
# Prints one "PASS docs: ..." or "FAIL docs: ..." line last; exit status 0
# or 1.
source "$(dirname "$0")/lib.sh"
set +e

T0=$(now)
"$TOP/scripts/prepare-tree.sh" >/dev/null || die "prepare-tree.sh failed"
KDOC=$SRC/scripts/kernel-doc
GUIDE=$TOP/Documentation/admin-guide/mm/kho.rst
problems=()
problem() { problems+=("$*"); echo "  problem: $*"; }

cd "$TOP" || exit 1
mapfile -t SOURCES < <(ls kernel/kexec_handover*.[ch] include/linux/kexec_handover.h \
	include/linux/kho/abi/*.h mm/memblock-kho.c lib/test_kho.c \
	kernel/kstate*.[ch] include/linux/kstate.h lib/test_kstate.c 2>/dev/null)
mapfile -t CFILES < <(printf '%s\n' "${SOURCES[@]}" | grep '\.c$')

# 1. kernel-doc warnings.
for f in "${SOURCES[@]}"; do
	out=$("$KDOC" -none -Wall "$f" 2>&1)
	[ -z "$out" ] || problem "kernel-doc: $out"
done

# 2. Non-static functions without kernel-doc.
nfuncs=$(python3 - "${CFILES[@]}" <<'EOF'
import re, sys
skip = re.compile(r'^(static\b|EXPORT_|[a-z_]*initcall|early_param|__setup|DEFINE_|module_)')
n = bad = 0
for path in sys.argv[1:]:
    lines = open(path).read().split('\n')
    for i, line in enumerate(lines):
        m = re.match(r'^[A-Za-z_][\w \t\*]*?\b(\w+)\(', line)
        if not m or skip.match(line):
            continue
        # A definition: the declaration ends with ")" and "{" follows.
        j = i
        while j < len(lines) and not lines[j].rstrip().endswith((')', ';', '{')):
            j += 1
        if j >= len(lines) or lines[j].rstrip().endswith(';'):
            continue
        if not (lines[j].rstrip().endswith('{') or
                (j + 1 < len(lines) and lines[j + 1].startswith('{'))):
            continue
        start = i
        # Return type on the line before ("static struct foo *\nname(...)").
        if i and re.match(r'^[A-Za-z_][\w \t\*]*$', lines[i - 1]):
            start = i - 1
            if skip.match(lines[start]):
                continue
        n += 1
        k = start - 1
        if k >= 0 and lines[k].strip() == '*/':
            while k >= 0 and not lines[k].startswith('/*'):
                k -= 1
            if k >= 0 and lines[k].startswith('/**'):
                continue
        print('  problem: %s:%d: %s() has no kernel-doc comment'
              % (path, i + 1, m.group(1)), file=sys.stderr)
        bad += 1
print(-1 if bad else n)
EOF
)
[ "${nfuncs:-0}" -ge 0 ] 2>/dev/null || problem "functions without kernel-doc (see above)"

# 3. Every message explained in the admin guide.
series=()
[ -f patches/series ] && mapfile -t series < <(grep -v '^\s*\(#\|$\)' patches/series)
nmsgs=$(python3 - "$GUIDE" "${CFILES[@]}" -- "${series[@]/#/patches/}" <<'EOF'
import re, sys
args = sys.argv[1:]
guide = open(args[0]).read()
guide = re.sub(r'\s+', ' ', guide)
sep = args.index('--')
cfiles, patches = args[1:sep], args[sep + 1:]
texts = []
for f in cfiles:
    # test module and KUnit output is not for admins
    if not f.startswith('lib/') and not f.endswith('_test.c'):
        texts.append((f, open(f).read()))
for p in patches:
    try:
        added = [l[1:] for l in open(p).read().split('\n')
                 if l.startswith('+') and not l.startswith('+++')]
    except OSError:
        continue
    texts.append((p, '\n'.join(added)))
call = re.compile(r'\bpr_(err|warn|notice|info)(_once|_ratelimited)?\s*\(\s*'
                  r'((?:"(?:[^"\\]|\\.)*"\s*)+)', re.S)
spec = re.compile(r'%(?:%|[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|t)?'
                  r'(?:p[a-zA-Z]*|[a-zA-Z]))')
n, bad = 0, 0
for name, text in texts:
    for m in call.finditer(text):
        fmt = ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(3)))
        fmt = fmt.replace('\\n', '').replace('\\"', '"')
        n += 1
        parts = spec.split(fmt.replace('%%', '\0'))
        for part in parts:
            part = re.sub(r'\s+', ' ', part.replace('\0', '%')).strip()
            if len(part) >= 4 and part not in guide:
                print('  problem: %s: message "%s": "%s" not in %s'
                      % (name, fmt, part, args[0]), file=sys.stderr)
                bad += 1
                break
print(-1 if bad else n)
EOF
)
[ "${nmsgs:--1}" -ge 0 ] 2>/dev/null || problem "messages not explained in ${GUIDE#$TOP/} (see above)"

# 4. Sphinx.
sphinx="skipped (sphinx-build not installed)"
if command -v sphinx-build >/dev/null; then
	t=$(now)
	DOCS=$BUILD/docs
	mkdir -p "$DOCS"
	make -s -C "$SRC" O="$DOCS" htmldocs \
		SPHINXDIRS="admin-guide/mm core-api/kho" > "$DOCS/htmldocs.log" 2>&1 ||
		problem "make htmldocs failed (see ${DOCS#$TOP/}/htmldocs.log)"
	if grep -E 'admin-guide/mm/(kho|index)\.rst|core-api/kho/|kexec_handover|kho/abi|memblock-kho' \
		"$DOCS/htmldocs.log" | grep -iE 'warning|error'; then
		problem "Sphinx warnings about our files (above)"
	fi
	html=$DOCS/Documentation/output
	for want in "admin-guide/mm/kho.html:kho_scratch=" \
		    "core-api/kho/concepts.html:kho_preserve_folio" \
		    "core-api/kho/concepts.html:kho_populate" \
		    "core-api/kho/fdt.html:preserved-memory-map" \
		    "core-api/kho/fdt.html:KHO_RADIX_LEAF_BITS" \
		    "core-api/kho/fdt.html:kho_kexec_metadata"; do
		grep -q "${want#*:}" "$html/${want%%:*}" 2>/dev/null ||
			problem "$html/${want%%:*} lacks ${want#*:}"
	done
	grep -q '^ *kho/index$' "$SRC/Documentation/core-api/index.rst" ||
		problem "core-api/index.rst does not list kho/index (patches/series)"
	sphinx="sphinx $(( $(now) - t ))s"
fi

summary="${#SOURCES[@]} files kernel-doc clean, ${nfuncs} functions documented, ${nmsgs} messages explained, $sphinx"
if [ ${#problems[@]} = 0 ]; then
	echo "PASS docs: $summary ($(( $(now) - T0 ))s)"
	exit 0
fi
echo "FAIL docs: ${#problems[@]} problem(s): ${problems[0]}"
exit 1
