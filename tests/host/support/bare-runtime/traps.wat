;; A module that traps on purpose, for examples/c-host/wasm-rt-bare.c (tests/host/c-host.test.ts):
;; an access past the end of memory, memory.grow within and beyond its maximum,
;; unreachable, and unbounded recursion.
(module
  (memory (export "memory") 1 2)
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "fail") (result i32) unreachable)
  (func $deep (export "deep") (param i32) (result i32) (call $deep (i32.add (local.get 0) (i32.const 1)))))
