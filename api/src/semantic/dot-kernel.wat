;; The vector index's scans (vector-index.ts), with 128-bit SIMD; dims must be a multiple of 16.
;; scores: scores[r] = dot(query, row r) over a row-major float32 matrix, 16 floats per step.
;; scores_i8: the same over int8 rows and an int8 query, into int32 (the index rescales them).
;; Built with `wat2wasm dot-kernel.wat` (Debian package wabt); the bytes are in dot-kernel.ts.
(module
  (import "env" "memory" (memory 1))
  (func (export "scores")
    (param $q i32) (param $m i32) (param $rows i32) (param $dims i32) (param $out i32)
    (local $r i32) (local $d i32) (local $bytes i32) (local $row i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $bytes (i32.shl (local.get $dims) (i32.const 2)))
    (local.set $row (local.get $m))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $a0 (v128.const f32x4 0 0 0 0))
        (local.set $a1 (v128.const f32x4 0 0 0 0))
        (local.set $a2 (v128.const f32x4 0 0 0 0))
        (local.set $a3 (v128.const f32x4 0 0 0 0))
        (local.set $d (i32.const 0))
        (loop $inner
          (local.set $a0 (f32x4.add (local.get $a0)
            (f32x4.mul (v128.load (i32.add (local.get $q) (local.get $d)))
                       (v128.load (i32.add (local.get $row) (local.get $d))))))
          (local.set $a1 (f32x4.add (local.get $a1)
            (f32x4.mul (v128.load offset=16 (i32.add (local.get $q) (local.get $d)))
                       (v128.load offset=16 (i32.add (local.get $row) (local.get $d))))))
          (local.set $a2 (f32x4.add (local.get $a2)
            (f32x4.mul (v128.load offset=32 (i32.add (local.get $q) (local.get $d)))
                       (v128.load offset=32 (i32.add (local.get $row) (local.get $d))))))
          (local.set $a3 (f32x4.add (local.get $a3)
            (f32x4.mul (v128.load offset=48 (i32.add (local.get $q) (local.get $d)))
                       (v128.load offset=48 (i32.add (local.get $row) (local.get $d))))))
          (local.set $d (i32.add (local.get $d) (i32.const 64)))
          (br_if $inner (i32.lt_u (local.get $d) (local.get $bytes))))
        (local.set $a0 (f32x4.add (f32x4.add (local.get $a0) (local.get $a1))
                                  (f32x4.add (local.get $a2) (local.get $a3))))
        (f32.store
          (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
            (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
        (local.set $row (i32.add (local.get $row) (local.get $bytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next))))
  (func (export "scores_i8")
    (param $q i32) (param $m i32) (param $rows i32) (param $dims i32) (param $out i32)
    (local $r i32) (local $d i32) (local $row i32) (local $vq v128) (local $vr v128) (local $acc v128)
    (local.set $row (local.get $m))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $d (i32.const 0))
        (loop $inner
          (local.set $vq (v128.load (i32.add (local.get $q) (local.get $d))))
          (local.set $vr (v128.load (i32.add (local.get $row) (local.get $d))))
          (local.set $acc (i32x4.add (local.get $acc)
            (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $vq))
                               (i16x8.extend_low_i8x16_s (local.get $vr)))))
          (local.set $acc (i32x4.add (local.get $acc)
            (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $vq))
                               (i16x8.extend_high_i8x16_s (local.get $vr)))))
          (local.set $d (i32.add (local.get $d) (i32.const 16)))
          (br_if $inner (i32.lt_u (local.get $d) (local.get $dims))))
        (i32.store
          (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
            (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
        (local.set $row (i32.add (local.get $row) (local.get $dims)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next))))
)
