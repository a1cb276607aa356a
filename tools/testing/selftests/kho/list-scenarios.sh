#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the VM-test scenarios of ./scenarios (./scenarios-$KHO_FLAVOUR if the
# flavour has its own list) that run on ARCH, one per line:
#   NAME BOOTS LOG [extra kernel command line]
# "ARCH:name" lines are kept for that architecture only; a scenario listed
# twice (with another command line) gets LOG name-2, name-3, ...; a line
# "@include FILE" lists the scenarios of FILE (in this directory) there.
# Used by vmtest.sh.
arch=$1
dir=$(dirname "$0")
list=$dir/scenarios
[ -f "$list-${KHO_FLAVOUR:-tiny}" ] && list=$list-$KHO_FLAVOUR
seen=" "

list_file() {	# list_file FILE
	local name boots extra log n
	while read -r name boots extra; do
		case "$name" in
		''|'#'*) continue ;;
		@include) list_file "$dir/$boots"
			  continue ;;
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
	done < "$1"
}

list_file "$list"
