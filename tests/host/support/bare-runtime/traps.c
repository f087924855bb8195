/*
 * Drives traps.wat through wasm2c and examples/c-host's bare-metal runtime
 * (wasm-rt-bare.c): every trap must land in the wasm_rt_impl_try() of the call that
 * caused it, with its reason, after which a fresh instance works; the memory grows
 * only to its declared maximum. Built with wabt 1.0.32's names (Z_traps...).
 */
#include <stdio.h>

#include "traps-wasm.h"
#include "wasm-rt-bare.h"

static Z_traps_instance_t instance;

static void report(const char* key, int trapped, u32 result) {
  if (trapped) {
    printf("%s=trap:%s\n", key, wasm_rt_strerror(wasm_rt_bare_last_trap));
    Z_traps_free(&instance); /* never call into an instance that trapped */
    Z_traps_instantiate(&instance);
  } else {
    printf("%s=%d\n", key, (int)result);
  }
}

/* One call each: the setjmp sits in a frame live during the call, no local changes after it. */
static int call1(u32 (*f)(Z_traps_instance_t*, u32), u32 a, u32* result) {
  if (wasm_rt_impl_try() != 0) return 1;
  *result = f(&instance, a);
  return 0;
}

static int call0(u32 (*f)(Z_traps_instance_t*), u32* result) {
  if (wasm_rt_impl_try() != 0) return 1;
  *result = f(&instance);
  return 0;
}

int main(void) {
  u32 r = 0;
  int trapped;
  wasm_rt_init();
  Z_traps_init_module();
  Z_traps_instantiate(&instance);
  trapped = call1(Z_trapsZ_load, 65532, &r);
  report("load.lastWord", trapped, r);
  trapped = call1(Z_trapsZ_load, 65533, &r);
  report("load.pastEnd", trapped, r);
  trapped = call1(Z_trapsZ_grow, 1, &r);
  report("grow.one", trapped, r);
  trapped = call1(Z_trapsZ_load, 65533, &r);
  report("load.grown", trapped, r);
  trapped = call1(Z_trapsZ_grow, 1, &r);
  report("grow.beyondMax", trapped, r);
  report("pages", 0, Z_trapsZ_memory(&instance)->pages);
  trapped = call0(Z_trapsZ_fail, &r);
  report("fail", trapped, r);
  trapped = call1(Z_trapsZ_deep, 0, &r);
  report("deep", trapped, r);
  report("pages.afterRestart", 0, Z_trapsZ_memory(&instance)->pages);
  trapped = call1(Z_trapsZ_load, 0, &r);
  report("load.afterRestart", trapped, r);
  Z_traps_free(&instance);
  wasm_rt_free();
  return 0;
}
