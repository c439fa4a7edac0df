#!/usr/bin/env bash
# Builds a small Raspberry Pi OS-like disk image for the tests, without root, in well under a second:
# an MBR with a FAT32 boot partition at 8 MiB (cmdline.txt, config.txt) and an ext4 root partition made from an
# /etc skeleton (NetworkManager, systemd, the rfkill state that keeps WiFi off) with mke2fs -d.
# Usage: make-pi-image.sh OUT.img [ROOT_MIB [FILLER_MIB]]   (FILLER_MIB fills the root to test growing it)
set -euo pipefail
out=$1
root_mib=${2:-64}
filler_mib=${3:-0}
boot_start=16384  # sectors: 8 MiB, as current Raspberry Pi OS images align
boot_sectors=131072  # 64 MiB: enough clusters for FAT32
root_start=$((boot_start + boot_sectors))
root_sectors=$((root_mib * 2048))

skel=$(mktemp -d)
trap 'rm -rf -- "$skel"' EXIT
mkdir -p "$skel"/etc/systemd/system/multi-user.target.wants "$skel"/etc/NetworkManager/system-connections \
  "$skel"/var/lib/systemd/rfkill "$skel"/var/lib/NetworkManager "$skel"/opt "$skel"/boot/firmware "$skel"/home/pi
echo raspberrypi >"$skel/etc/hostname"
printf 'root:x:0:0:root:/root:/bin/bash\npi:x:1000:1000::/home/pi:/bin/bash\n' >"$skel/etc/passwd"
printf 'root:x:0:\naudio:x:29:\npi:x:1000:\n' >"$skel/etc/group"
ln -s /lib/systemd/system/ssh.service "$skel/etc/systemd/system/multi-user.target.wants/ssh.service"
echo 1 >"$skel/var/lib/systemd/rfkill/platform-3f300000.mmcnr:wlan"
echo 0 >"$skel/var/lib/systemd/rfkill/platform-soc:bluetooth"
printf '[main]\nNetworkingEnabled=true\nWirelessEnabled=false\nWWANEnabled=true\n' \
  >"$skel/var/lib/NetworkManager/NetworkManager.state"
[ "$filler_mib" -eq 0 ] || head -c "$((filler_mib * 1024 * 1024))" /dev/urandom >"$skel/var/filler"

rm -f -- "$out"
truncate -s $(((root_start + root_sectors) * 512)) "$out"
printf 'label: dos\nlabel-id: 0x5e3da1b2\nstart=%s, size=%s, type=c\nstart=%s, size=%s, type=83\n' \
  "$boot_start" "$boot_sectors" "$root_start" "$root_sectors" | sfdisk -q "$out"
mkfs.vfat -F 32 -s 1 -n bootfs --offset="$boot_start" "$out" $((boot_sectors / 2)) >/dev/null 2>&1
boot=$skel.boot
mkdir -p "$boot"
trap 'rm -rf -- "$skel" "$boot"' EXIT
printf 'console=serial0,115200 console=tty1 root=PARTUUID=5e3da1b2-02 rootfstype=ext4 fsck.repair=yes rootwait\n' \
  >"$boot/cmdline.txt"
printf '# Raspberry Pi config.txt (test)\ndtparam=audio=on\narm_64bit=1\n' >"$boot/config.txt"
MTOOLS_SKIP_CHECK=1 mcopy -i "$out@@$((boot_start * 512))" "$boot/cmdline.txt" "$boot/config.txt" ::/
mke2fs -q -F -t ext4 -L rootfs -E "offset=$((root_start * 512)),root_owner=0:0" -d "$skel" "$out" "${root_mib}M"
