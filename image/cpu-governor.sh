#!/bin/sh
# Sets every CPU's frequency governor (default: performance). Run as root by payload.service before linkvst starts.
# A kernel without cpufreq, or without that governor, is reported and left as it is: audio still runs, only with
# more latency jitter, so this never stops the service from starting.
# Usage: cpu-governor.sh [GOVERNOR]   (CPUFREQ_ROOT overrides /sys/devices/system/cpu/cpufreq, for tests)
set -u
governor=${1:-performance}
root=${CPUFREQ_ROOT:-/sys/devices/system/cpu/cpufreq}
found=0
failed=0
for policy in "$root"/policy*; do
  [ -w "$policy/scaling_governor" ] || continue
  found=1
  available=$(cat "$policy/scaling_available_governors" 2>/dev/null || echo "$governor")
  case " $available " in
    *" $governor "*)
      if printf '%s\n' "$governor" >"$policy/scaling_governor"; then
        echo "cpu-governor: ${policy##*/}: $governor"
      else
        echo "cpu-governor: ${policy##*/}: could not set $governor" >&2
        failed=1
      fi
      ;;
    *)
      echo "cpu-governor: ${policy##*/}: no '$governor' governor (available: $available)" >&2
      failed=1
      ;;
  esac
done
[ "$found" -eq 1 ] || echo "cpu-governor: no cpufreq policies under $root; governor left as it is" >&2
[ "$failed" -eq 0 ] || echo "cpu-governor: some CPUs keep their governor; expect more latency jitter" >&2
exit 0
