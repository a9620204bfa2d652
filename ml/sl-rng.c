/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-rng.h"

#include <math.h>

static uint64_t
splitmix64 (uint64_t *state)
{
  uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

void
sl_rng_seed (sl_rng *rng, uint64_t seed)
{
  for (int i = 0; i < 4; i += 2)
    {
      uint64_t v = splitmix64 (&seed);
      rng->s[i] = (uint32_t) v;
      rng->s[i + 1] = (uint32_t) (v >> 32);
    }
}

static inline uint32_t
rotl (uint32_t x, int k)
{
  return (x << k) | (x >> (32 - k));
}

uint32_t
sl_rng_u32 (sl_rng *rng)
{
  uint32_t *s = rng->s;
  uint32_t result = s[0] + s[3];
  uint32_t t = s[1] << 9;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 11);
  return result;
}

float
sl_rng_uniform (sl_rng *rng)
{
  return (sl_rng_u32 (rng) >> 8) * (1.0f / 16777216.0f);
}

float
sl_rng_normal (sl_rng *rng)
{
  float u1 = sl_rng_uniform (rng), u2 = sl_rng_uniform (rng);

  if (u1 < 1e-7f)
    u1 = 1e-7f;
  return sqrtf (-2.0f * logf (u1)) * cosf (6.28318530718f * u2);
}

uint32_t
sl_rng_below (sl_rng *rng, uint32_t bound)
{
  return (uint32_t) (((uint64_t) sl_rng_u32 (rng) * bound) >> 32);
}

void
sl_rng_shuffle (sl_rng *rng, int *items, int n)
{
  for (int i = n - 1; i > 0; i--)
    {
      int j = (int) sl_rng_below (rng, (uint32_t) i + 1);
      int t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
}
