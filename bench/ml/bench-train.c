/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sightline's side of the speed comparison (run-bench.sh runs it beside the PyTorch peer).
 *   bench-train train DATASET_DIR [THREADS] [EPOCHS]: one epoch of the example arch on the set's
 *     training split, batch 64, no augmentation, no validation (the peer's work); prints images/s,
 *     the direct-convolution FLOPs per image and the peak RSS.
 *   bench-train sgemm: sgemm GFLOP/s at 2048^3 (the peak the step is measured against).
 *   bench-train latency DATASET_DIR: predict + Grad-CAM for one image of the set's size.
 *   bench-train step DATASET_DIR [STEPS]: one thread's training step (forward + backward of 32
 *     images, a worker's share of a batch of 64 on 2 threads) with the fused batch norm + ReLU +
 *     max pool pass and the kept im2col against the same net with both off, the two taking
 *     turns step by step; prints the CPU milliseconds per step of each. */
#include <cblas.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "image-folders.h"
#include "sl-augment.h"
#include "sl-gradcam.h"
#include "sl-net-private.h"
#include "sl-defaults.h"

#define ARCH_BODY "conv3:32,bn,relu,maxpool2,conv3:64,bn,relu,maxpool2,conv3:128,bn,relu,gap"

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double
cpu_seconds (const struct rusage *ru)
{
  return ru->ru_utime.tv_sec + ru->ru_stime.tv_sec
         + (ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) * 1e-6;
}

static sl_net *
create_net (const image_split *d, int batch)
{
  char arch[256], err[256];
  sl_net *net;

  snprintf (arch, sizeof arch, "%s,fc:%d", ARCH_BODY, d->n_classes);
  net = sl_net_create (arch, d->c, d->h, d->w, batch, 1, err, sizeof err);
  if (!net)
    fprintf (stderr, "%s\n", err);
  return net;
}

/* Forward, weight-gradient and input-gradient FLOPs of the conv layers for one image, as a
 * direct convolution counts them (the first layer needs no input gradient). */
static double
conv_flops_per_image (const sl_net *net)
{
  double total = 0;
  int first = 1;

  for (int i = 0; i < net->n_layers; i++)
    {
      const sl_net_layer *L = &net->layers[i];

      if (L->spec.kind != SL_LAYER_CONV)
        continue;
      total += (first ? 2 : 3) * 2.0 * L->oc * L->c * L->spec.k * L->spec.k * L->oh * L->ow;
      first = 0;
    }
  return total;
}

static int
bench_train (const char *dir, int threads, int epochs)
{
  image_split train;
  sl_train_config cfg;
  sl_train_result res;
  sl_dataset ds;
  sl_net *net;
  struct rusage ru;
  char err[256];
  double cpu_before;

  if (image_split_load (dir, "train", &train) < 0 || !(net = create_net (&train, 64)))
    return 1;
  getrusage (RUSAGE_SELF, &ru);
  cpu_before = cpu_seconds (&ru);
  sl_train_defaults_for (&cfg, train.c, train.h, train.w, train.n, train.n_classes);
  cfg.epochs = epochs;
  cfg.batch_size = 64;
  cfg.threads = threads;
  cfg.seed = 1;
  sl_augment_config_default (&cfg.augment);
  ds = (sl_dataset) { train.x, train.y, train.n, train.c, train.h, train.w };
  if (sl_train (net, &ds, NULL, &cfg, NULL, NULL, &res, err, sizeof err) != 0)
    {
      fprintf (stderr, "train: %s\n", err);
      return 1;
    }
  getrusage (RUSAGE_SELF, &ru);
  printf ("sightline: %d images x %d epoch(s) in %.2f s: %.0f images/s (threads %d); "
          "%.1f conv MFLOP per image; peak RSS %.0f MB; CPU %.2f s\n", train.n, epochs,
          res.seconds, res.images_per_second, threads, conv_flops_per_image (net) * 1e-6,
          ru.ru_maxrss / 1024.0, cpu_seconds (&ru) - cpu_before);
  sl_net_free (net);
  image_split_free (&train);
  return 0;
}

static int
bench_sgemm (void)
{
  const int n = 2048;
  float *a = malloc (sizeof (float) * n * n), *b = malloc (sizeof (float) * n * n);
  float *c = malloc (sizeof (float) * n * n);
  double best = 1e9;

  for (int i = 0; i < n * n; i++)
    {
      a[i] = (float) (i % 7) * 0.1f;
      b[i] = (float) (i % 5) * 0.1f;
    }
  for (int r = 0; r < 5; r++)
    {
      double t = now ();

      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c,
                   n);
      t = now () - t;
      if (t < best)
        best = t;
    }
  printf ("sgemm 2048^3: %.1f GFLOP/s (threads %d)\n", 2.0 * n * n * n / best * 1e-9,
          openblas_get_num_threads ());
  free (a), free (b), free (c);
  return 0;
}

/* predict + Grad-CAM of one image, median of many */
static int
bench_latency (const char *dir)
{
  image_split test;
  sl_net *net;
  char err[256];
  float *probs, *heat;
  double t[101];
  const int reps = 101;

  if (image_split_load (dir, "test", &test) < 0 || !(net = create_net (&test, 64)))
    return 1;
  probs = malloc (sizeof (float) * test.n_classes);
  heat = malloc (sizeof (float) * test.h * test.w);
  for (int r = 0; r < reps; r++)
    {
      const float *x = test.x + (size_t) (r % test.n) * test.c * test.h * test.w;
      int best = 0;

      t[r] = now ();
      sl_net_predict (net, x, 1, probs);
      for (int k = 1; k < test.n_classes; k++)
        if (probs[k] > probs[best])
          best = k;
      if (sl_gradcam (net, x, best, -1, heat, err, sizeof err) < 0)
        {
          fprintf (stderr, "gradcam: %s\n", err);
          return 1;
        }
      t[r] = now () - t[r];
    }
  for (int i = 1; i < reps; i++)
    for (int j = i; j > 0 && t[j] < t[j - 1]; j--)
      {
        double s = t[j];

        t[j] = t[j - 1];
        t[j - 1] = s;
      }
  printf ("predict + Grad-CAM, one %dx%dx%d image: %.2f ms (median of %d)\n", test.c, test.h,
          test.w, t[reps / 2] * 1e3, reps);
  free (probs);
  free (heat);
  sl_net_free (net);
  image_split_free (&test);
  return 0;
}

static double
thread_cpu (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The fusions of sl_net_create switched off: every layer runs on its own. */
static void
unfuse (sl_net *net)
{
  for (int i = 0; i < net->n_layers; i++)
    {
      net->layers[i].fused_pool = net->layers[i].pooled_by_bn = 0;
      net->layers[i].conv.keep_col = 0;
    }
}

static int
bench_step (const char *dir, int steps)
{
  const int n = 32;
  image_split train;
  sl_net *nets[2];
  double cpu[2] = { 0, 0 };
  size_t img;

  if (image_split_load (dir, "train", &train) < 0 || train.n < n
      || !(nets[0] = create_net (&train, n)) || !(nets[1] = create_net (&train, n)))
    return 1;
  unfuse (nets[1]);
  openblas_set_num_threads (1);
  img = (size_t) train.c * train.h * train.w;
  for (int r = 0; r <= steps; r++)
    for (int v = 0; v < 2; v++)
      {
        sl_net *net = nets[(r + v) % 2];
        const int first = (int) ((size_t) r * n % (size_t) (train.n - n + 1));
        double t = thread_cpu ();

        sl_net_load_input (net, train.x + first * img, n);
        sl_softmax_xent (net->n_classes, n, sl_net_forward (net, n, 1), train.y + first, NULL, 0,
                         net->probs, net->dlogits);
        sl_net_backward (net, n, net->dlogits, -1);
        if (r > 0) /* the first round warms the caches and maps the pages */
          cpu[(r + v) % 2] += thread_cpu () - t;
      }
  printf ("training step, %d images of %dx%dx%d, one thread, %d steps each: fused %.2f ms, "
          "unfused %.2f ms (%.2fx)\n", n, train.c, train.h, train.w, steps,
          cpu[0] * 1e3 / steps, cpu[1] * 1e3 / steps, cpu[1] / cpu[0]);
  sl_net_free (nets[0]);
  sl_net_free (nets[1]);
  image_split_free (&train);
  return 0;
}

int
main (int argc, char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "";

  if (strcmp (mode, "train") == 0 && argc > 2)
    return bench_train (argv[2], argc > 3 ? atoi (argv[3]) : 2, argc > 4 ? atoi (argv[4]) : 1);
  if (strcmp (mode, "sgemm") == 0)
    return bench_sgemm ();
  if (strcmp (mode, "latency") == 0 && argc > 2)
    return bench_latency (argv[2]);
  if (strcmp (mode, "step") == 0 && argc > 2)
    return bench_step (argv[2], argc > 3 ? atoi (argv[3]) : 40);
  fprintf (stderr, "usage: bench-train train DATASET_DIR [THREADS] [EPOCHS] | sgemm | "
           "latency DATASET_DIR | step DATASET_DIR [STEPS]\n");
  return 2;
}
