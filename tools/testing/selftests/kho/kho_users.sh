#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Existing in-kernel users of reserve_mem keep their data across a KHO kexec
# without changes to them: pstore/ramoops (pmsg) and the persistent ftrace
# ring buffer (trace_instance=NAME@REGION). Command line:
#   kho=on reserve_mem=1M:4K:oops ramoops.mem_name=oops ramoops.pmsg_size=65536
#   reserve_mem=2M:4K:trace trace_instance=kho_boot@trace
. /kho/lib.sh

TRACE=/sys/kernel/tracing/instances/kho_boot
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mkdir -p /sys/fs/pstore
mount -t pstore pstore /sys/fs/pstore 2>/dev/null

case "$STAGE" in
1)
	token="kho-token-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
	echo "$token" > $STATE/token
	check "pmsg device exists" test -c /dev/pmsg0
	echo "pmsg says $token" > /dev/pmsg0
	check "persistent trace instance exists" test -d $TRACE
	echo 1 > $TRACE/tracing_on
	echo "trace says $token" > $TRACE/trace_marker
	check "marker is in the trace buffer" grep -q "trace says $token" $TRACE/trace
	expect_eq "finalize" "$(write_result $KHO_DBG/out/finalize 1)" ok
	check "oops region in the memblock subtree" fdtget $KHO_DBG/out/sub_fdts/memblock /oops start
	check "trace region in the memblock subtree" fdtget $KHO_DBG/out/sub_fdts/memblock /trace start
	check "kexec -s -l" load_next
	kexec_next
	;;
2)
	token=$(cat $STATE/token)
	ls /sys/fs/pstore | sed 's/^/# pstore: /'
	check "pmsg record of the previous kernel has the token" \
		sh -c "cat /sys/fs/pstore/pmsg-ramoops-0 2>/dev/null | grep -q 'pmsg says $token'"
	check "persistent trace buffer has the previous kernel's marker" \
		grep -q "trace says $token" $TRACE/trace
	finish
	;;
esac
