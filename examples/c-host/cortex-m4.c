/*
 * The smallest firmware around the translated terminal module, for the Cortex-M4
 * build (cortex-m4.sh): start the runtime, instantiate, check the versions, run the
 * self test, hand the core one event. It links against newlib with no operating
 * system (nosys.specs), which shows the module and wasm-rt-bare.c need nothing but
 * calloc, setjmp and memset. A real firmware drives the flow as session.c does.
 */
#include <string.h>

#include "realname-wasm.h"
#include "realname.h"
#include "wasm-rt-bare.h"

static Z_realname_instance_t core;

static int started(void) {
  if (wasm_rt_impl_try() != 0) return 0;
  Z_realname_instantiate(&core);
  return 1;
}

static int32_t power_on(void) {
  static const char profile[] = "terminalId=10000001\nmerchantId=898100000000001\n";
  if (wasm_rt_impl_try() != 0) return INT32_MIN;
  memcpy(Z_realnameZ_memory(&core)->data + REALNAME_INPUT_OFFSET, profile, sizeof profile - 1);
  return (int32_t)Z_realnameZ_handle(&core, REALNAME_EVENT_POWER_ON, sizeof profile - 1, 20261126, 100000);
}

int main(void) {
  wasm_rt_init();
  Z_realname_init_module();
  if (!started()) return 1;
  if (Z_realnameZ_abiVersion(&core) != REALNAME_ABI_VERSION || Z_realnameZ_flowVersion(&core) != REALNAME_FLOW_VERSION) return 2;
  if (Z_realnameZ_selfTest(&core) != 0) return 3;
  return power_on() < 0 ? 4 : 0;
}
