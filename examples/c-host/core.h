/*
 * One instance of a core module translated by wasm2c, shared by the two example
 * programs: host.c (build/realname.wasm, the terminal) and tools.c
 * (build/realname-tools.wasm). build.sh compiles each program, and core.c once
 * per module, with CORE_WASM2C_HEADER (the header wasm2c wrote, as a string)
 * and CORE_NAME (the module name given to `wasm2c -n`) defined.
 * The numbers of the ABI (buffer sizes, error codes and their names) come from
 * the generated include/realname.h.
 */
#ifndef CORE_H
#define CORE_H

#include <stdint.h>

#include CORE_WASM2C_HEADER   /* the translated module: its exports as C functions */
#include "wasm-rt-bare.h"     /* the runtime; wasm_rt_impl_try(): where a trap lands */
#include "realname.h"         /* generated from assembly/ (scripts/gen-abi.mjs) */

/*
 * wasm2c names the module's symbols differently across wabt releases:
 * up to 1.0.32 `Z_<name>Z_<export>`, from 1.0.33 `w2c_<name>_<export>`.
 * build.sh defines CORE_WASM2C_Z_NAMES when the header uses the old ones.
 */
#define CORE_PASTE_(a, b) a##b
#define CORE_PASTE(a, b) CORE_PASTE_(a, b)
#ifdef CORE_WASM2C_Z_NAMES
typedef CORE_PASTE(CORE_PASTE(Z_, CORE_NAME), _instance_t) core_module;
#define CORE_EXPORT(name) CORE_PASTE(CORE_PASTE(CORE_PASTE(Z_, CORE_NAME), Z_), name)
#else
typedef CORE_PASTE(w2c_, CORE_NAME) core_module;
#define CORE_EXPORT(name) CORE_PASTE(CORE_PASTE(CORE_PASTE(w2c_, CORE_NAME), _), name)
#endif

/* The module's buffers: the terminal's, or the tools module's larger ones (build.sh
   defines CORE_TOOLS_MODULE when compiling for it). */
#ifdef CORE_TOOLS_MODULE
#define CORE_INPUT_CAPACITY REALNAME_TOOLS_INPUT_CAPACITY
#define CORE_OUTPUT_OFFSET REALNAME_TOOLS_OUTPUT_OFFSET
#define CORE_OUTPUT_CAPACITY REALNAME_TOOLS_OUTPUT_CAPACITY
#else
#define CORE_INPUT_CAPACITY REALNAME_INPUT_CAPACITY
#define CORE_OUTPUT_OFFSET REALNAME_OUTPUT_OFFSET
#define CORE_OUTPUT_CAPACITY REALNAME_OUTPUT_CAPACITY
#endif

/* Not an ErrorCode: what a call returns here when the core trapped. */
#define CORE_TRAPPED INT32_MIN

/* One instance of a module. */
typedef struct {
  core_module module;
  unsigned restarts;
} core;

/*
 * Calls an export. The core never traps on any input; a trap is a bug in the
 * core, and the rule is: discard the instance, start a fresh one, never call
 * into the trapped one again. wasm2c's runtime delivers a trap by longjmp to
 * the last wasm_rt_impl_try() (a setjmp), so every call goes through one of
 * these small functions: the setjmp sits in a frame that is live during the
 * call and that modifies no local variable after it. One per arity (the
 * exports take 0 to 6 i32 arguments; the examples need up to 4, and 6 for cryptoCipher).
 */
typedef u32 (*export0)(core_module*);
typedef u32 (*export1)(core_module*, u32);
typedef u32 (*export2)(core_module*, u32, u32);
typedef u32 (*export3)(core_module*, u32, u32, u32);
typedef u32 (*export4)(core_module*, u32, u32, u32, u32);
typedef u32 (*export6)(core_module*, u32, u32, u32, u32, u32, u32);
int32_t core_call0(core* c, export0 f);
int32_t core_call1(core* c, export1 f, u32 a);
int32_t core_call2(core* c, export2 f, u32 a, u32 b);
int32_t core_call3(core* c, export3 f, u32 a, u32 b, u32 d);
int32_t core_call4(core* c, export4 f, u32 a, u32 b, u32 d, u32 e);
int32_t core_call6(core* c, export6 f, u32 a, u32 b, u32 d, u32 e, u32 g, u32 h);

/* `CALL2(c, checkIdNumberInput, length, today)` reads like the export. */
#define CALL0(c, name) core_call0((c), CORE_EXPORT(name))
#define CALL1(c, name, a) core_call1((c), CORE_EXPORT(name), (u32)(a))
#define CALL2(c, name, a, b) core_call2((c), CORE_EXPORT(name), (u32)(a), (u32)(b))
#define CALL3(c, name, a, b, d) core_call3((c), CORE_EXPORT(name), (u32)(a), (u32)(b), (u32)(d))
#define CALL4(c, name, a, b, d, e) core_call4((c), CORE_EXPORT(name), (u32)(a), (u32)(b), (u32)(d), (u32)(e))
#define CALL6(c, name, a, b, d, e, g, h) \
  core_call6((c), CORE_EXPORT(name), (u32)(a), (u32)(b), (u32)(d), (u32)(e), (u32)(g), (u32)(h))

/* Initialises the runtime and starts an instance; 0 on success, -1 (said on stderr) when the module traps while starting. */
int core_open(core* c);
/* Discards the instance and starts a fresh one (a power cut; a transcript's `start`); 0 on success, -1 as core_open. */
int core_fresh(core* c);
/* Frees the instance and the runtime. */
void core_close(core* c);
/* The instance's linear memory (pages now and declared maximum). */
wasm_rt_memory_t* core_memory(core* c);

/* Copies bytes into the input buffer at `at`; 0 on success, -1 when they do not fit. */
int core_set_input(core* c, uint32_t at, const void* bytes, uint32_t length);
/* The last call's output: outputLength() bytes at the output buffer. */
const uint8_t* core_output(core* c, uint32_t* length);

/* Printing one `key=value` line per result, which tests/host/c-host.test.ts reads. */
void print_hex(const char* key, const uint8_t* bytes, uint32_t length);
void print_text(const char* key, const uint8_t* bytes, uint32_t length);
void print_output_text(core* c, const char* key);
/* After a failed call: the code with its name, the field and the offset the core recorded. */
void print_failure(core* c, const char* prefix);
/* Prints `key=found`; 0 when `found` is the version this host was built for, else says both
   ("the module has ABI version 2, this host was built for ABI version 1") and returns -1. */
int require_version(const char* key, const char* what, int32_t found, int32_t built_for);
/* Prints `key=result`; 0 when the self test passed, else names the known answer that failed and returns -1. */
int require_self_test(const char* key, int32_t result);
/* Hex text -> bytes; returns the byte count. */
uint32_t from_hex(const char* hex, uint8_t* out, uint32_t capacity);
/* The C library's local date as YYYYMMDD (the core has no clock of its own). */
int32_t today_yyyymmdd(void);

#endif /* CORE_H */
