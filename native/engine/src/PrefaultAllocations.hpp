// While one exists, glibc fills every block malloc hands out with zeros (mallopt M_PERTURB), so memory a plugin
// allocates while it is instantiated and prepared is resident before the audio thread first writes it.
//
// Why: the engine gives freed plugin memory back (malloc_trim after frees), so the free chunks a new plugin's
// allocations reuse are pages the kernel dropped. A plugin that allocates a big block without writing it all
// (DPF's VST3 wrapper keeps its MIDI event list inside its instance) then page-faults on the audio thread the first
// time a block carries more events than before: the soak saw ~16 such faults a minute, all in DPF's process(), at
// addresses freed and trimmed before. Filling at allocation moves those faults to the message thread.
//
// Process-wide while it lives (other threads' allocations are filled too, for the few milliseconds of a load);
// calloc and the per-thread cache of small blocks are not filled (calloc zeroes by itself; small cached blocks were
// in use a moment ago). Loads run one at a time on the message thread, so instances never overlap.
#pragma once

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace vcpi {

class PrefaultAllocations {
public:
    // Thread-safe: yes (mallopt takes malloc's lock). Realtime-safe: no.
#if defined(__GLIBC__)
    PrefaultAllocations() noexcept { ::mallopt(M_PERTURB, kFreedFill); }
    ~PrefaultAllocations() { ::mallopt(M_PERTURB, 0); }
#else
    PrefaultAllocations() noexcept = default;
#endif
    PrefaultAllocations(const PrefaultAllocations&) = delete;
    PrefaultAllocations& operator=(const PrefaultAllocations&) = delete;

private:
    // glibc fills allocations with the complement of this byte (0x00) and freed blocks with it.
    static constexpr int kFreedFill = 0xff;
};

}  // namespace vcpi
