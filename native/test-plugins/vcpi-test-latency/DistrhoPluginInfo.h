// DPF description of the vcpi latency test effect: delays its stereo input and reports that delay as latency.
#pragma once

#define DISTRHO_PLUGIN_BRAND "vcpi"
#define DISTRHO_PLUGIN_NAME "VcpiTestLatency"
#define DISTRHO_PLUGIN_URI "urn:vcpi:test-latency"
#define DISTRHO_PLUGIN_HAS_UI 0
#define DISTRHO_PLUGIN_IS_RT_SAFE 1
#define DISTRHO_PLUGIN_NUM_INPUTS 2
#define DISTRHO_PLUGIN_NUM_OUTPUTS 2
#define DISTRHO_PLUGIN_WANT_LATENCY 1
#define DISTRHO_PLUGIN_VST3_CATEGORIES "Fx|Delay"
