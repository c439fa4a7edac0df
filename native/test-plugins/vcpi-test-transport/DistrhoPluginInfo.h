// DPF description of the vcpi transport probe: a pass-through effect that reports the host's transport (what
// DPF hands it from a VST3 ProcessContext or an LV2 time:Position) in a read-only state value.
#pragma once

#define DISTRHO_PLUGIN_BRAND "vcpi"
#define DISTRHO_PLUGIN_NAME "VcpiTestTransport"
#define DISTRHO_PLUGIN_URI "urn:vcpi:test-transport"
#define DISTRHO_PLUGIN_HAS_UI 0
#define DISTRHO_PLUGIN_IS_RT_SAFE 1
#define DISTRHO_PLUGIN_NUM_INPUTS 2
#define DISTRHO_PLUGIN_NUM_OUTPUTS 2
#define DISTRHO_PLUGIN_WANT_TIMEPOS 1
#define DISTRHO_PLUGIN_WANT_STATE 1
#define DISTRHO_PLUGIN_WANT_FULL_STATE 1
#define DISTRHO_PLUGIN_VST3_CATEGORIES "Fx|Tools"
