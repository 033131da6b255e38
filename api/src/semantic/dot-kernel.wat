;; The vector index's scans (vector-index.ts), with 128-bit SIMD; dims must be a multiple of 16.
;; scores: scores[r] = dot(query, row r) over a row-major float32 matrix, 16 floats per step.
;; best_i8: the same over int8 rows and an int8 query, folded with each owner's best: a row's
;;   score is its int32 product times the query's factor times the row's factor, and
;;   best[owner]/best_row[owner] rise to the best row.
;; dots: exact float32 products of the query with a list of rows (int32 row numbers).
;; dots_i8: the same over int8 rows, into int32.
;; hamming: bits differing between sign codes (a coarse first pass over large indexes).
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
  ;; (best_i8 q m rows dims factors owners best best_row qf): owners[r] < 0 marks a hole.
  (func (export "best_i8")
    (param $q i32) (param $m i32) (param $rows i32) (param $dims i32) (param $factors i32)
    (param $owners i32) (param $best i32) (param $bestRow i32) (param $qf f32)
    (local $r i32) (local $d i32) (local $row i32) (local $o i32) (local $s f32)
    (local $vq v128) (local $vr v128) (local $acc v128)
    (local.set $row (local.get $m))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $o (i32.load (i32.add (local.get $owners) (i32.shl (local.get $r) (i32.const 2)))))
        (if (i32.ge_s (local.get $o) (i32.const 0))
          (then
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
            (local.set $s
              (f32.mul
                (f32.mul
                  (f32.convert_i32_s
                    (i32.add
                      (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
                      (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
                  (local.get $qf))
                (f32.load (i32.add (local.get $factors) (i32.shl (local.get $r) (i32.const 2))))))
            (if (f32.gt (local.get $s)
                        (f32.load (i32.add (local.get $best) (i32.shl (local.get $o) (i32.const 2)))))
              (then
                (f32.store (i32.add (local.get $best) (i32.shl (local.get $o) (i32.const 2))) (local.get $s))
                (i32.store (i32.add (local.get $bestRow) (i32.shl (local.get $o) (i32.const 2)))
                           (local.get $r))))))
        (local.set $row (i32.add (local.get $row) (local.get $dims)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next))))
  ;; (dots q m list count dims out): out[i] = dot(query, row list[i]) over float32 rows.
  (func (export "dots")
    (param $q i32) (param $m i32) (param $list i32) (param $count i32) (param $dims i32) (param $out i32)
    (local $i i32) (local $d i32) (local $bytes i32) (local $row i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $bytes (i32.shl (local.get $dims) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $row (i32.add (local.get $m)
          (i32.mul (i32.load (i32.add (local.get $list) (i32.shl (local.get $i) (i32.const 2))))
                   (local.get $bytes))))
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
          (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
            (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
;; (hamming q codes rows words out): out[r] = bits differing between the query's sign code and
;; row r's, codes being `words` int64 words a row.
  (func (export "hamming")
    (param $q i32) (param $m i32) (param $rows i32) (param $words i32) (param $out i32)
    (local $r i32) (local $w i32) (local $row i32) (local $bytes i32) (local $acc i64)
    (local.set $bytes (i32.shl (local.get $words) (i32.const 3)))
    (local.set $row (local.get $m))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $acc (i64.const 0))
        (local.set $w (i32.const 0))
        (loop $inner
          (local.set $acc (i64.add (local.get $acc)
            (i64.popcnt (i64.xor (i64.load (i32.add (local.get $q) (local.get $w)))
                                 (i64.load (i32.add (local.get $row) (local.get $w)))))))
          (local.set $w (i32.add (local.get $w) (i32.const 8)))
          (br_if $inner (i32.lt_u (local.get $w) (local.get $bytes))))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
                   (i32.wrap_i64 (local.get $acc)))
        (local.set $row (i32.add (local.get $row) (local.get $bytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next))))
;; (dots_i8 q m list count dims out): out[i] = int32 product of the int8 query and row list[i].
  (func (export "dots_i8")
    (param $q i32) (param $m i32) (param $list i32) (param $count i32) (param $dims i32) (param $out i32)
    (local $i i32) (local $d i32) (local $row i32) (local $vq v128) (local $vr v128) (local $acc v128)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $row (i32.add (local.get $m)
          (i32.mul (i32.load (i32.add (local.get $list) (i32.shl (local.get $i) (i32.const 2))))
                   (local.get $dims))))
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
          (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
            (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
)
