/*
 * The bare-metal wasm2c runtime (wasm-rt-bare.h): memory and the function table from
 * calloc, bounds checked by the translated code, traps by longjmp, function types in a
 * fixed table. Nothing here reserves address space, installs a signal handler or calls
 * the OS.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "wasm-rt-bare.h"

#define PAGE_BYTES 65536u

jmp_buf wasm_rt_bare_trap_target;
uint32_t wasm_rt_bare_saved_depth;
wasm_rt_trap_t wasm_rt_bare_last_trap;
uint32_t wasm_rt_call_stack_depth; /* the translated code counts calls against WASM_RT_MAX_CALL_STACK_DEPTH */

void wasm_rt_init(void) {}

bool wasm_rt_is_initialized(void) { return true; }

void wasm_rt_free(void) {}

WASM_RT_NO_RETURN void wasm_rt_trap(wasm_rt_trap_t code) {
  wasm_rt_call_stack_depth = wasm_rt_bare_saved_depth;
  wasm_rt_bare_last_trap = code;
  longjmp(wasm_rt_bare_trap_target, (int)code);
}

const char* wasm_rt_strerror(wasm_rt_trap_t trap) {
  switch (trap) {
    case WASM_RT_TRAP_NONE: return "no trap";
    case WASM_RT_TRAP_OOB: return "out-of-bounds memory access";
    case WASM_RT_TRAP_INT_OVERFLOW: return "integer overflow";
    case WASM_RT_TRAP_DIV_BY_ZERO: return "integer divide by zero";
    case WASM_RT_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
    case WASM_RT_TRAP_UNREACHABLE: return "unreachable executed";
    case WASM_RT_TRAP_CALL_INDIRECT: return "invalid indirect call";
    case WASM_RT_TRAP_UNCAUGHT_EXCEPTION: return "uncaught exception";
    case WASM_RT_TRAP_EXHAUSTION: return "call stack exhausted";
  }
  return "unknown trap";
}

/*
 * Function types, for call_indirect's signature check: the same signature must get the
 * same number in every module. Each type is kept as its parameter and result types in
 * a fixed table, so the runtime allocates nothing for them. The realname modules
 * register some 20 types of at most 8 values.
 */
#define FUNC_TYPES_MAX 64
#define FUNC_TYPE_VALUES_MAX 16

typedef struct {
  uint32_t params, results;
  uint8_t types[FUNC_TYPE_VALUES_MAX];
} func_type;

static func_type func_types[FUNC_TYPES_MAX];
static uint32_t func_type_count;

uint32_t wasm_rt_register_func_type(uint32_t params, uint32_t results, ...) {
  func_type t;
  uint32_t i;
  va_list args;
  if (params + results > FUNC_TYPE_VALUES_MAX) abort(); /* raise FUNC_TYPE_VALUES_MAX for such a module */
  memset(&t, 0, sizeof t);
  t.params = params;
  t.results = results;
  va_start(args, results);
  for (i = 0; i < params + results; i++) t.types[i] = (uint8_t)va_arg(args, int); /* wasm_rt_type_t, promoted */
  va_end(args);
  for (i = 0; i < func_type_count; i++) {
    if (memcmp(&func_types[i], &t, sizeof t) == 0) return i + 1;
  }
  if (func_type_count == FUNC_TYPES_MAX) abort(); /* raise FUNC_TYPES_MAX for such a module */
  func_types[func_type_count++] = t;
  return func_type_count;
}

/* Exactly the module's pages, zeroed; max_pages bounds memory.grow. */
void wasm_rt_allocate_memory(wasm_rt_memory_t* memory, uint32_t initial_pages, uint32_t max_pages) {
  memory->data = calloc(initial_pages, PAGE_BYTES);
  if (memory->data == NULL && initial_pages > 0) abort(); /* the host must provide initial_pages * 64 KiB */
  memory->pages = initial_pages;
  memory->max_pages = max_pages;
  memory->size = initial_pages * PAGE_BYTES;
}

/* The old page count, or 0xFFFFFFFF (memory.grow's -1) when the memory cannot grow so far. */
uint32_t wasm_rt_grow_memory(wasm_rt_memory_t* memory, uint32_t delta) {
  uint32_t old_pages = memory->pages;
  uint8_t* data;
  if (delta == 0) return old_pages;
  if (delta > memory->max_pages - old_pages) return (uint32_t)-1;
  data = realloc(memory->data, (size_t)(old_pages + delta) * PAGE_BYTES);
  if (data == NULL) return (uint32_t)-1;
  memset(data + (size_t)old_pages * PAGE_BYTES, 0, (size_t)delta * PAGE_BYTES);
  memory->data = data;
  memory->pages = old_pages + delta;
  memory->size = memory->pages * PAGE_BYTES;
  return old_pages;
}

void wasm_rt_free_memory(wasm_rt_memory_t* memory) {
  free(memory->data);
  memory->data = NULL;
  memory->pages = 0;
  memory->size = 0;
}

/* The module's function table (the flow dispatches through it with call_indirect); its
   entries are filled by the instantiation, and checked by CALL_INDIRECT before a call. */
void wasm_rt_allocate_funcref_table(wasm_rt_funcref_table_t* table, uint32_t elements, uint32_t max_elements) {
  table->data = calloc(elements, sizeof table->data[0]);
  if (table->data == NULL && elements > 0) abort(); /* the host must provide elements * sizeof(wasm_rt_funcref_t) */
  table->size = elements;
  table->max_size = max_elements;
}

void wasm_rt_free_funcref_table(wasm_rt_funcref_table_t* table) {
  free(table->data);
  table->data = NULL;
  table->size = 0;
}
