// DPF description of the vcpi test synth: a deterministic polyphonic instrument (VST3 + LV2) for the engine tests.
#pragma once

#define DISTRHO_PLUGIN_BRAND "vcpi"
#define DISTRHO_PLUGIN_NAME "VcpiTestSynth"
#define DISTRHO_PLUGIN_URI "urn:vcpi:test-synth"
#define DISTRHO_PLUGIN_HAS_UI 0
#define DISTRHO_PLUGIN_IS_RT_SAFE 1
#define DISTRHO_PLUGIN_IS_SYNTH 1
#define DISTRHO_PLUGIN_NUM_INPUTS 0
#define DISTRHO_PLUGIN_NUM_OUTPUTS 2
#define DISTRHO_PLUGIN_WANT_MIDI_INPUT 1
#define DISTRHO_PLUGIN_WANT_STATE 1
#define DISTRHO_PLUGIN_WANT_FULL_STATE 1
#define DISTRHO_PLUGIN_VST3_CATEGORIES "Instrument|Synth"
