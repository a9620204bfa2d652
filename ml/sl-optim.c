/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-optim.h"

#include <math.h>
#include <stdlib.h>

int
sl_optim_init (sl_optim *o, sl_optimizer kind, size_t n, size_t n_decay, float momentum,
               float weight_decay)
{
  o->kind = kind;
  o->n = n;
  o->n_decay = n_decay;
  o->momentum = momentum;
  o->weight_decay = weight_decay;
  o->beta1 = 0.9f;
  o->beta2 = 0.999f;
  o->eps = 1e-8f;
  o->t = 0;
  o->state = calloc (kind == SL_OPT_ADAMW ? 2 * n : n, sizeof (float));
  return o->state ? 0 : -1;
}

void
sl_optim_free (sl_optim *o)
{
  free (o->state);
  o->state = NULL;
}

void
sl_optim_step (sl_optim *o, float *params, const float *grads, float lr)
{
  const size_t n = o->n, nd = o->n_decay;

  o->t++;
  if (o->kind == SL_OPT_SGD)
    {
      /* PyTorch's SGD: v = mu v + (g + wd p); p -= lr v */
      float *v = o->state;
      const float mu = o->momentum, wd = o->weight_decay;

      for (size_t i = 0; i < nd; i++)
        {
          v[i] = mu * v[i] + grads[i] + wd * params[i];
          params[i] -= lr * v[i];
        }
      for (size_t i = nd; i < n; i++)
        {
          v[i] = mu * v[i] + grads[i];
          params[i] -= lr * v[i];
        }
      return;
    }

  /* AdamW: decoupled decay p -= lr wd p, then the Adam step with bias correction */
  {
    float *m = o->state, *v = o->state + n;
    const float b1 = o->beta1, b2 = o->beta2;
    const float c1 = 1.0f / (1.0f - powf (b1, (float) o->t));
    const float c2 = 1.0f / (1.0f - powf (b2, (float) o->t));
    const float decay = 1.0f - lr * o->weight_decay, eps = o->eps;

    for (size_t i = 0; i < n; i++)
      {
        float g = grads[i];

        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        if (i < nd)
          params[i] *= decay;
        params[i] -= lr * (m[i] * c1) / (sqrtf (v[i] * c2) + eps);
      }
  }
}

float
sl_lr_at (sl_schedule schedule, float base, long step, long total, long warmup)
{
  const double pi = 3.14159265358979323846;

  if (warmup > 0 && step < warmup)
    return base * (float) (step + 1) / (float) (warmup + 1);
  switch (schedule)
    {
    case SL_SCHED_COSINE:
      {
        double span = (double) (total - warmup), at = (double) (step - warmup);

        if (span <= 0)
          return base;
        return (float) (base * 0.5 * (1 + cos (pi * fmin (at / span, 1.0))));
      }
    case SL_SCHED_STEP:
      if (step >= total * 3 / 4)
        return base * 0.01f;
      if (step >= total / 2)
        return base * 0.1f;
      return base;
    case SL_SCHED_CONSTANT:
    default:
      return base;
    }
}
