#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the VM-test scenarios of ./scenarios that run on ARCH, one per line:
#   NAME BOOTS LOG [extra kernel command line]
# "ARCH:name" lines are kept for that architecture only; a scenario listed
# twice (with another command line) gets LOG name-2, name-3, ...
# Used by vmtest.sh.
arch=$1
seen=" "
while read -r name boots extra; do
	case "$name" in
	''|'#'*) continue ;;
	*:*) [ "${name%%:*}" = "$arch" ] || continue
	     name=${name#*:} ;;
	esac
	log=$name n=1
	while [[ "$seen" == *" $log "* ]]; do
		n=$((n + 1))
		log=$name-$n
	done
	seen="$seen$log "
	echo "$name $boots $log $extra"
done < "$(dirname "$0")/scenarios"
