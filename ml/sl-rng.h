/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdint.h>

/* A small deterministic generator (xoshiro128+ seeded through splitmix64): the same seed gives
 * the same stream on every machine. One per consumer; never shared between threads. */
typedef struct
{
  uint32_t s[4];
} sl_rng;

void     sl_rng_seed    (sl_rng *rng, uint64_t seed);
uint32_t sl_rng_u32     (sl_rng *rng);
float    sl_rng_uniform (sl_rng *rng);                 /* [0, 1) */
float    sl_rng_normal  (sl_rng *rng);                 /* mean 0, sd 1 */
uint32_t sl_rng_below   (sl_rng *rng, uint32_t bound); /* [0, bound) */
void     sl_rng_shuffle (sl_rng *rng, int *items, int n);
