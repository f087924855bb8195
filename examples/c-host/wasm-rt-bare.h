/*
 * A small wasm2c runtime for hosts without an MMU, mmap or signals (docs/VENDOR.md
 * "Bare metal"): it replaces wabt's wasm-rt-impl.c. Linear memory is one calloc of
 * exactly the module's pages; every access is checked by the translated code itself
 * (WASM_RT_MEMCHECK_SIGNAL_HANDLER=0, which every file must be compiled with); a trap
 * is a longjmp back to the last wasm_rt_impl_try(). It needs only <setjmp.h>,
 * calloc/realloc/free and memset from the C library, so newlib builds it for a
 * Cortex-M.
 *
 * It implements what wasm2c 1.0.32 emits for a module with one function table of fixed
 * size and no exceptions, as the realname modules are; a module that uses more (a
 * growing table, externrefs, exceptions) fails to link, naming the missing wasm_rt_*
 * function. wabt 1.0.33 changed this interface: adapt it there.
 */
#ifndef WASM_RT_BARE_H
#define WASM_RT_BARE_H

#include "wasm-rt.h"

#if WASM_RT_MEMCHECK_SIGNAL_HANDLER
#error "wasm-rt-bare has no guard pages: compile every file with -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0"
#endif

/* Where a trap lands: set by wasm_rt_impl_try(). */
extern jmp_buf wasm_rt_bare_trap_target;
extern uint32_t wasm_rt_bare_saved_depth;
/* The last trap's reason (wasm_rt_strerror names it). */
extern wasm_rt_trap_t wasm_rt_bare_last_trap;

/*
 * 0 on the way in; the trap's code (wasm_rt_trap_t) when a call made after it traps.
 * Call it in a frame that stays live during the call into the module, and change no
 * local variable of that frame after it (core.c's core_call* functions).
 */
#define wasm_rt_impl_try() (wasm_rt_bare_saved_depth = wasm_rt_call_stack_depth, setjmp(wasm_rt_bare_trap_target))

#endif /* WASM_RT_BARE_H */
