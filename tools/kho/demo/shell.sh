#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Not a test: "scripts/demo.sh --shell" boots the demo VM with
# kho_test=shell, and this (/kho/shell.sh in the guest, packed by
# scripts/mk-initramfs.sh) gives the console a shell, so that
# Documentation/admin-guide/mm/kho.rst can be followed by hand.
# kho-initrd packs this initramfs again for "kexec -s -l".

cat > /bin/kho-initrd <<'SCRIPT'
#!/bin/sh
# Pack the running initramfs (with /boot/kernel) for the next kernel.
cd / && find . -xdev | cpio -o -H newc > /run/initrd.cpio 2>/dev/null &&
	echo "/run/initrd.cpio: $(wc -c < /run/initrd.cpio) bytes"
SCRIPT
chmod +x /bin/kho-initrd

K=/sys/kernel/debug/kho
cat <<TXT

KHO demo shell: Linux $(uname -r), command line:
  $(cat /proc/cmdline)
$( [ -d $K/in ] && echo "This kernel received a handover: see $K/in/" )
Things to try (Documentation/admin-guide/mm/kho.rst explains them):
  paste $K/out/scratch_phys $K/out/scratch_len
  echo 1 > $K/out/finalize
  dtc -I dtb -O dts $K/out/fdt
  dtc -I dtb -O dts $K/out/sub_fdts/memblock
  kho-inspect --mem /dev/mem $K/out
  kho-initrd
  kexec -s -l /boot/kernel --initrd=/run/initrd.cpio --append="\$(cat /proc/cmdline)"
  kexec -e
Leaving the shell ends the VM; in QEMU, Ctrl-a x quits at any time.

TXT
setsid cttyhack sh
reboot -f	# QEMU runs with -no-reboot: the VM ends
