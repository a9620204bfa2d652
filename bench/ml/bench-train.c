/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sightline's side of the speed comparison: one epoch of the example arch on the demo training
 * split, batch 64, 2 threads (no augmentation, no validation: the same work as the PyTorch
 * peer), then sgemm GFLOP/s at 2048^3 and on the conv shapes, and predict + Grad-CAM latency
 * for a 256x256 image. Usage: bench-train [DEMO_DIR] [THREADS] [EPOCHS] */
#include <cblas.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "config.h"
#include "demo-data.h"
#include "sl-augment.h"
#include "sl-gradcam.h"
#include "sl-net-private.h"
#include "sl-defaults.h"

#define ARCH "conv3:32,bn,relu,maxpool2,conv3:64,bn,relu,maxpool2,conv3:128,bn,relu,gap,fc:2"

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* GFLOP/s of C(m, n) = A(m, k) B(k, n), best of a few runs. */
static double
sgemm_gflops (int m, int n, int k, int ta, int tb)
{
  float *a = calloc ((size_t) m * k, 4), *b = calloc ((size_t) k * n, 4), *c = calloc ((size_t) m * n, 4);
  double best = 1e9;
  int reps = (int) fmax (3, fmin (200, 2e9 / (2.0 * m * n * k)));

  for (size_t i = 0; i < (size_t) m * k; i++)
    a[i] = (float) (i % 7) * 0.1f;
  for (size_t i = 0; i < (size_t) k * n; i++)
    b[i] = (float) (i % 5) * 0.1f;
  for (int r = 0; r < 3; r++)
    {
      double t = now ();

      for (int i = 0; i < reps; i++)
        cblas_sgemm (CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                     m, n, k, 1.0f, a, ta ? m : k, b, tb ? k : n, 0.0f, c, n);
      t = (now () - t) / reps;
      if (t < best)
        best = t;
    }
  free (a), free (b), free (c);
  return 2.0 * m * n * k / best * 1e-9;
}

int
main (int argc, char **argv)
{
  const char *dir = argc > 1 && argv[1][0] ? argv[1] : SL_DEMO_DIR;
  int threads = argc > 2 ? atoi (argv[2]) : 2, epochs = argc > 3 ? atoi (argv[3]) : 1;
  demo_split train;
  sl_train_config cfg;
  sl_train_result res;
  sl_dataset ds;
  sl_net *net;
  char err[256];
  double conv_flops = 0, conv_time = 0, total_flops = 0, peak;

  if (demo_split_load (dir, "train", &train) < 0)
    return 1;
  net = sl_net_create (ARCH, 1, train.h, train.w, 64, 1, err, sizeof err);
  sl_train_defaults_for (&cfg, 1, train.h, train.w, train.n, 2);
  cfg.epochs = epochs;
  cfg.batch_size = 64;
  cfg.threads = threads;
  cfg.seed = 1;
  sl_augment_config_default (&cfg.augment);
  ds = (sl_dataset) { train.x, train.y, train.n, 1, train.h, train.w };
  if (sl_train (net, &ds, NULL, &cfg, NULL, NULL, &res, err, sizeof err) != 0)
    {
      fprintf (stderr, "train: %s\n", err);
      return 1;
    }
  printf ("sightline: %d images x %d epoch(s) in %.2f s: %.0f images/s (threads %d)\n", train.n,
          epochs, res.seconds, res.images_per_second, threads);

  /* sgemm peak and on the conv shapes of one training step (batch 64) */
  peak = sgemm_gflops (2048, 2048, 2048, 0, 0);
  printf ("sgemm 2048^3: %.1f GFLOP/s\n", peak);
  for (int i = 0; i < net->n_layers; i++)
    {
      const sl_net_layer *L = &net->layers[i];
      int kk, cols;
      double f, t;

      if (L->spec.kind != SL_LAYER_CONV)
        continue;
      kk = L->c * L->spec.k * L->spec.k;
      cols = 64 * L->oh * L->ow;
      /* forward, weight gradient, input gradient (not for the first layer) */
      f = 2.0 * L->oc * kk * cols;
      t = f / (sgemm_gflops (L->oc, cols, kk, 0, 0) * 1e9) + f / (sgemm_gflops (L->oc, kk, cols, 0, 1) * 1e9);
      conv_flops += 2 * f;
      if (i > 0)
        {
          t += f / (sgemm_gflops (kk, cols, L->oc, 1, 0) * 1e9);
          conv_flops += f;
        }
      conv_time += t;
      printf ("  conv layer %d (%d x %d x %d): %.1f GFLOP/s over its 3 sgemms\n", i + 1, L->oc,
              cols, kk, (i > 0 ? 3 : 2) * f / t * 1e-9);
    }
  total_flops = conv_flops; /* the fc layer is negligible */
  {
    double per_image = total_flops / 64;
    double step_time = 64.0 / res.images_per_second;

    printf ("conv layers: %.1f MFLOP per training image; their sgemms alone run at %.1f GFLOP/s "
            "(%.0f%% of sgemm 2048^3); in training, conv FLOPs over the whole step time give "
            "%.1f GFLOP/s (%.0f%% of sgemm 2048^3; sgemm is %.0f%% of the step)\n",
            per_image * 1e-6, conv_flops / conv_time * 1e-9, 100 * conv_flops / conv_time * 1e-9 / peak,
            total_flops / step_time * 1e-9, 100 * total_flops / step_time * 1e-9 / peak,
            100 * conv_time / step_time);
  }

  /* predict + Grad-CAM for a 256x256 image: resize to the input, predict, heat map, resize back */
  {
    float *big = malloc (sizeof (float) * 256 * 256), small[28 * 28], probs[2], heat[28 * 28];
    float *heat_big = malloc (sizeof (float) * 256 * 256);
    int reps = 200;
    double t;

    for (int i = 0; i < 256 * 256; i++)
      big[i] = (float) ((i * 37) % 255) / 255.0f;
    t = now ();
    for (int r = 0; r < reps; r++)
      {
        sl_resize_bilinear (big, 1, 256, 256, small, 28, 28);
        sl_net_predict (net, small, 1, probs);
        sl_gradcam (net, small, probs[1] > probs[0], -1, heat, err, sizeof err);
        sl_resize_bilinear (heat, 1, 28, 28, heat_big, 256, 256);
      }
    printf ("predict + Grad-CAM, 256x256 image: %.2f ms\n", (now () - t) / reps * 1e3);
    free (big);
    free (heat_big);
  }
  sl_net_free (net);
  demo_split_free (&train);
  return 0;
}
