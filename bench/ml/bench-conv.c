/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The conv layers of the example arch at 28, 64 and 128 px, one worker's share of a batch of 64
 * (32 images, OpenBLAS on one thread as in training), on every path that applies: forward and
 * backward (with the input gradient except for the first layer) in ms and GFLOP/s counted as a
 * direct convolution. Times are this thread's CPU time (other work on the machine preempts it
 * without counting), and the paths take turns, best of several rounds. The direct path runs
 * only on layers with few input channels (the first).
 * Usage: bench-conv [ROUNDS] [PATH: im2col, winograd or direct] */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sl-layers.h"

#define BATCH 32

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static const char *const algo_names[] = { "auto", "im2col", "winograd", "direct" };

int
main (int argc, char **argv)
{
  const int rounds = argc > 1 ? atoi (argv[1]) : 5;
  const char *only = argc > 2 ? argv[2] : NULL;
  const int sizes[][2] = { { 28, 1 }, { 64, 3 }, { 128, 1 } }; /* px, input channels */

  openblas_set_num_threads (1);
  for (int si = 0; si < 3; si++)
    {
      int px = sizes[si][0], c = sizes[si][1];
      const int chans[] = { 32, 64, 128 };

      for (int layer = 0; layer < 3; layer++)
        {
          sl_conv_shape s = { c, px, px, chans[layer], 3, 1, 1, px, px };
          size_t in_len = (size_t) c * BATCH * px * px, out_len = (size_t) s.cout * BATCH * px * px;
          size_t w_len = (size_t) s.cout * c * 9, scratch = 0;
          double flops = (layer ? 3 : 2) * 2.0 * s.cout * c * 9 * px * px * BATCH;
          double best_f[4] = { 1e9, 1e9, 1e9, 1e9 }, best_b[4] = { 1e9, 1e9, 1e9, 1e9 };
          float *in, *w, *col, *out, *dw, *din;

          for (int a = SL_CONV_IM2COL; a <= SL_CONV_DIRECT; a++)
            {
              sl_conv_shape t = s;
              size_t need;

              t.algo = a;
              need = sl_conv2d_scratch_floats (&t, BATCH);
              scratch = need > scratch ? need : scratch;
            }
          in = calloc (in_len, 4), w = calloc (w_len, 4), col = calloc (scratch + 1, 4);
          out = calloc (out_len, 4), dw = calloc (w_len, 4), din = calloc (in_len, 4);
          for (size_t i = 0; i < in_len; i++)
            in[i] = (float) (i % 13) * 0.1f;
          for (size_t i = 0; i < w_len; i++)
            w[i] = (float) (i % 7) * 0.01f;
          for (int r = 0; r < rounds; r++)
            for (int a = SL_CONV_IM2COL; a <= SL_CONV_DIRECT; a++)
              {
                sl_conv_shape t = s;
                double t0, t1, t2;

                t.algo = a;
                if (sl_conv2d_algo (&t) != (sl_conv_algo) a || (a == SL_CONV_DIRECT && t.cin > 3)
                    || (only && strcmp (only, algo_names[a]) != 0))
                  continue;
                t0 = now ();
                sl_conv2d_forward (&t, BATCH, in, w, NULL, col, out);
                t1 = now ();
                sl_conv2d_backward (&t, BATCH, in, col, w, out, dw, NULL, layer ? din : NULL);
                t2 = now ();
                if (t1 - t0 < best_f[a])
                  best_f[a] = t1 - t0;
                if (t2 - t1 < best_b[a])
                  best_b[a] = t2 - t1;
              }
          printf ("%3d px, conv %3d -> %3d:", px, c, s.cout);
          for (int a = SL_CONV_IM2COL; a <= SL_CONV_DIRECT; a++)
            if (best_f[a] < 1e9)
              printf ("  %s %.2f + %.2f ms (%.0f GFLOP/s)", algo_names[a], best_f[a] * 1e3,
                      best_b[a] * 1e3, flops / (best_f[a] + best_b[a]) * 1e-9);
          printf ("  [auto: %s]\n", algo_names[sl_conv2d_algo (&s)]);
          free (in), free (w), free (col), free (out), free (dw), free (din);
          c = s.cout;
          px /= 2;
        }
    }
  return 0;
}
