;; The paired bootstrap's hot loop, in WebAssembly with 128-bit SIMD: sums `count` values drawn
;; uniformly with replacement from `size` float64 values, for the index path of
;; packages/core/src/compare/index-resampler.ts (which says how it is used and tested).
;;
;; Randomness: four xoshiro128** generators (Blackman & Vigna), one per i32x4 lane, stepped
;; together. Their state is 64 bytes at `state`: s0 of lanes 0-3, then s1, s2 and s3. Draw k of a
;; call is lane k mod 4's output at step floor(k / 4); its index is floor(r · size / 2^32)
;; (Lemire's multiply-high, as Xoshiro128.nextIndex). When `count` is not a multiple of 4, the
;; last step advances all four lanes and uses lanes 0 .. (count mod 4) − 1.
;;
;; Result: (a0 + a1) + (a2 + a3), where aj is the in-order float64 sum of lane j's values.
;;
;; Rebuild the base64 module in resample-wasm.ts with `npm run wasm` after editing this file.
(module
  (memory (export "memory") 1)
  (func (export "sumDraws")
    (param $values i32) (param $size i32) (param $count i32) (param $state i32) (result f64)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $m v128) (local $t v128) (local $ix v128) (local $sizes v128) (local $base v128)
    (local $a0 f64) (local $a1 f64) (local $a2 f64) (local $a3 f64)
    (local $steps i32) (local $rest i32)
    (local.set $s0 (v128.load offset=0 (local.get $state)))
    (local.set $s1 (v128.load offset=16 (local.get $state)))
    (local.set $s2 (v128.load offset=32 (local.get $state)))
    (local.set $s3 (v128.load offset=48 (local.get $state)))
    (local.set $sizes (i32x4.splat (local.get $size)))
    (local.set $base (i32x4.splat (local.get $values)))
    (local.set $steps (i32.shr_u (local.get $count) (i32.const 2)))
    (local.set $rest (i32.and (local.get $count) (i32.const 3)))
    (block $last
      (loop $step
        (if (i32.eqz (local.get $steps))
          (then
            (br_if $last (i32.eqz (local.get $rest)))))
        ;; xoshiro128**: result = rotl(s1 · 5, 7) · 9, then the state update.
        (local.set $m (i32x4.mul (local.get $s1) (v128.const i32x4 5 5 5 5)))
        (local.set $m
          (i32x4.mul
            (v128.or
              (i32x4.shl (local.get $m) (i32.const 7))
              (i32x4.shr_u (local.get $m) (i32.const 25)))
            (v128.const i32x4 9 9 9 9)))
        (local.set $t (i32x4.shl (local.get $s1) (i32.const 9)))
        (local.set $s2 (v128.xor (local.get $s2) (local.get $s0)))
        (local.set $s3 (v128.xor (local.get $s3) (local.get $s1)))
        (local.set $s1 (v128.xor (local.get $s1) (local.get $s2)))
        (local.set $s0 (v128.xor (local.get $s0) (local.get $s3)))
        (local.set $s2 (v128.xor (local.get $s2) (local.get $t)))
        (local.set $s3
          (v128.or
            (i32x4.shl (local.get $s3) (i32.const 11))
            (i32x4.shr_u (local.get $s3) (i32.const 21))))
        ;; Byte addresses: values + 8 · high 32 bits of (r · size), lane by lane.
        (local.set $ix
          (i32x4.add
            (local.get $base)
            (i32x4.shl
              (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
                (i64x2.extmul_low_i32x4_u (local.get $m) (local.get $sizes))
                (i64x2.extmul_high_i32x4_u (local.get $m) (local.get $sizes)))
              (i32.const 3))))
        (if (i32.eqz (local.get $steps))
          (then
            ;; The last, partial step: lanes 0 .. rest − 1 (rest is 1, 2 or 3).
            (local.set $a0 (f64.add (local.get $a0) (f64.load (i32x4.extract_lane 0 (local.get $ix)))))
            (if (i32.ge_u (local.get $rest) (i32.const 2))
              (then
                (local.set $a1
                  (f64.add (local.get $a1) (f64.load (i32x4.extract_lane 1 (local.get $ix)))))))
            (if (i32.eq (local.get $rest) (i32.const 3))
              (then
                (local.set $a2
                  (f64.add (local.get $a2) (f64.load (i32x4.extract_lane 2 (local.get $ix)))))))
            (br $last)))
        (local.set $a0 (f64.add (local.get $a0) (f64.load (i32x4.extract_lane 0 (local.get $ix)))))
        (local.set $a1 (f64.add (local.get $a1) (f64.load (i32x4.extract_lane 1 (local.get $ix)))))
        (local.set $a2 (f64.add (local.get $a2) (f64.load (i32x4.extract_lane 2 (local.get $ix)))))
        (local.set $a3 (f64.add (local.get $a3) (f64.load (i32x4.extract_lane 3 (local.get $ix)))))
        (local.set $steps (i32.sub (local.get $steps) (i32.const 1)))
        (br $step)))
    (v128.store offset=0 (local.get $state) (local.get $s0))
    (v128.store offset=16 (local.get $state) (local.get $s1))
    (v128.store offset=32 (local.get $state) (local.get $s2))
    (v128.store offset=48 (local.get $state) (local.get $s3))
    (f64.add
      (f64.add (local.get $a0) (local.get $a1))
      (f64.add (local.get $a2) (local.get $a3))))
)
