#!/usr/bin/env bash
# The README's run command: set up everything, then start linkvst (the prompt; arguments are passed on, e.g.
# --daemon). A machine with neither a sound card nor a JACK server still runs the whole product: a private JACK
# dummy server is started for it (nothing is heard; `--output file:take.wav` records the master), said plainly.
set -uo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
VCPI_LOG_TAG=run
cd "$VCPI_ROOT" || exit 1
VCPI_SETUP_FOR=run bash scripts/setup.sh || die "set-up failed (see above)"

jack_pid=""
cleanup() {
  if [ -n "$jack_pid" ]; then
    kill "$jack_pid" 2>/dev/null
    wait "$jack_pid" 2>/dev/null
  fi
}
trap cleanup EXIT

has_card() { compgen -G '/dev/snd/pcmC*' >/dev/null; }
jack_up() { JACK_NO_START_SERVER=1 jack_lsp >/dev/null 2>&1; }

if ! jack_up && ! has_card; then
  JACK_DEFAULT_SERVER="vcpi-$(id -u)"
  export JACK_DEFAULT_SERVER
  log "no sound card and no JACK server: starting a JACK dummy server ($JACK_DEFAULT_SERVER, 48 kHz) — nothing will be heard"
  jackd -n "$JACK_DEFAULT_SERVER" -d dummy -r 48000 -p 256 >/dev/null 2>&1 &
  jack_pid=$!
  for _ in $(seq 50); do jack_up && break; sleep 0.1; done
  jack_up || die "the JACK dummy server did not start; run linkvst with --output none instead: scripts/linkvst --output none"
fi
scripts/linkvst "$@"
