// DPF description of the vcpi crash test plugin: it segfaults as soon as a host creates it.
#pragma once

#define DISTRHO_PLUGIN_BRAND "vcpi"
#define DISTRHO_PLUGIN_NAME "VcpiTestCrash"
#define DISTRHO_PLUGIN_URI "urn:vcpi:test-crash"
#define DISTRHO_PLUGIN_HAS_UI 0
#define DISTRHO_PLUGIN_IS_RT_SAFE 1
#define DISTRHO_PLUGIN_NUM_INPUTS 2
#define DISTRHO_PLUGIN_NUM_OUTPUTS 2
#define DISTRHO_PLUGIN_VST3_CATEGORIES "Fx"
