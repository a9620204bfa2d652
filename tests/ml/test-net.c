/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The network as a whole: arch parsing, training on small synthetic sets (it learns, it is
 * deterministic, it cancels), data-parallel steps against one-thread ones, Grad-CAM, checkpoints and their damage. */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sl-checkpoint.h"
#include "sl-defaults.h"
#include "sl-gradcam.h"
#include "sl-net-private.h"
#include "sl-optim.h"
#include "sl-workers.h"
#include "sl-test-util.h"

/* ---- arch parsing ---- */

static void
expect_error (const char *arch, int side, const char *fragment)
{
  char err[256] = "";
  sl_net *net = sl_net_create (arch, 1, side, side, 4, 1, err, sizeof err);

  g_test_message ("%s -> %s", arch, err);
  g_assert_null (net);
  g_assert_nonnull (strstr (err, fragment));
}

static void
test_arch (void)
{
  sl_layer_spec specs[SL_ARCH_MAX_LAYERS];
  char err[256];
  sl_net *net;
  int n = sl_arch_parse ("conv5:16/s2/p1,bn,relu,maxpool3,dropout:0.25,conv1:8/p0,gap,fc:3",
                         specs, SL_ARCH_MAX_LAYERS, err, sizeof err);

  g_assert_cmpint (n, ==, 8);
  g_assert_cmpint (specs[0].kind, ==, SL_LAYER_CONV);
  g_assert_cmpint (specs[0].k, ==, 5);
  g_assert_cmpint (specs[0].channels, ==, 16);
  g_assert_cmpint (specs[0].stride, ==, 2);
  g_assert_cmpint (specs[0].pad, ==, 1);
  g_assert_cmpint (specs[3].kind, ==, SL_LAYER_MAXPOOL);
  g_assert_cmpint (specs[3].k, ==, 3);
  g_assert_cmpfloat (specs[4].p, ==, 0.25f);
  g_assert_cmpint (specs[5].pad, ==, 0);
  g_assert_cmpint (specs[7].channels, ==, 3);
  /* default padding is "same" */
  n = sl_arch_parse ("conv3:4,conv5:4,conv4:4,fc:2", specs, SL_ARCH_MAX_LAYERS, err, sizeof err);
  g_assert_cmpint (specs[0].pad, ==, 1);
  g_assert_cmpint (specs[1].pad, ==, 2);
  g_assert_cmpint (specs[2].pad, ==, 1);

  expect_error ("", 8, "empty");
  expect_error ("conv3,fc:2", 8, "conv<K>:<C>");
  expect_error ("conv3:0,fc:2", 8, "channels");
  expect_error ("conv:8,fc:2", 8, "conv<K>:<C>");
  expect_error ("conv3:8/x2,fc:2", 8, "/s<S> or /p<P>");
  expect_error ("conv3:8/s0,fc:2", 8, "stride");
  expect_error ("conv3:8/s2junk,fc:2", 8, "junk");
  expect_error ("maxpool,fc:2", 8, "maxpool<K>");
  expect_error ("dropout:1.5,fc:2", 8, "0 <= p < 1");
  expect_error ("dropout:x,fc:2", 8, "dropout:<p>");
  expect_error ("fc:0", 8, "fc:<N>");
  expect_error ("conv3:8,softmax,fc:2", 8, "unknown layer \"softmax\"");
  expect_error ("conv3:8,relu", 8, "last layer must be fc");
  expect_error ("conv3:8,,fc:2", 8, "empty layer at position 2");
  expect_error ("maxpool4,maxpool4,fc:2", 8, "layer 2 (maxpool4): window larger than its 2x2");
  expect_error ("conv9:4/p0,fc:2", 5, "layer 1 (conv9): kernel larger");

  net = sl_net_create ("conv3:4,bn,relu,gap,fc:2", 1, 9, 7, 4, 1, err, sizeof err);
  g_assert_nonnull (net);
  /* 4*9+4 + 2*4 + 2*4+2 */
  g_assert_cmpint (sl_net_num_params (net), ==, 58);
  g_assert_cmpint (sl_net_num_classes (net), ==, 2);
  g_assert_cmpstr (sl_net_arch (net), ==, "conv3:4,bn,relu,gap,fc:2");
  sl_net_free (net);

  /* the default input side: the images', capped */
  g_assert_cmpint (sl_input_size_default (28), ==, 28);
  g_assert_cmpint (sl_input_size_default (SL_INPUT_SIZE_CAP + 100), ==, SL_INPUT_SIZE_CAP);
  g_assert_cmpint (sl_input_size_default (5), ==, 16);

  /* the default arch of each input size builds */
  for (int side = 16; side <= 256; side *= 2)
    for (int c = 1; c <= 3; c += 2)
      {
        char arch[256];

        g_assert_cmpint (sl_arch_default (c, side, side, 8, arch, sizeof arch), ==, 0);
        net = sl_net_create (arch, c, side, side, 4, 1, err, sizeof err);
        g_assert_nonnull (net);
        g_assert_cmpint (sl_net_num_classes (net), ==, 8);
        sl_net_free (net);
      }
}

/* ---- synthetic data ---- */

/* side x side images of noise; class 1 has a bright 4x4 patch with its corner at (2, 2), and
 * every image has a distractor patch at a random place in the right half. */
static void
make_patch_set (sl_dataset *d, int n, int side, uint64_t seed)
{
  float *x = g_new (float, (size_t) n * side * side);
  int *y = g_new (int, n);
  sl_rng rng;

  sl_rng_seed (&rng, seed);
  for (int i = 0; i < n; i++)
    {
      float *im = x + (size_t) i * side * side;
      int dx = side / 2 + (int) sl_rng_below (&rng, side / 2 - 3), dy = (int) sl_rng_below (&rng, side - 4);

      y[i] = i % 2;
      for (int p = 0; p < side * side; p++)
        im[p] = 0.3f * sl_rng_uniform (&rng);
      for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++)
          {
            im[(dy + r) * side + dx + c] = 0.9f;
            if (y[i])
              im[(2 + r) * side + 2 + c] = 0.9f;
          }
    }
  *d = (sl_dataset) { x, y, n, 1, side, side };
}

static void
free_set (sl_dataset *d)
{
  g_free ((float *) d->x);
  g_free ((int *) d->y);
}

typedef struct
{
  GArray *losses;
  int cancel_at, calls;
} progress_log;

static int
on_progress (const sl_train_progress *p, void *user)
{
  progress_log *log = user;

  log->calls++;
  if (!p->epoch_done)
    g_array_append_val (log->losses, p->loss);
  return log->cancel_at && log->calls >= log->cancel_at;
}

static sl_net *
train_small (const char *arch, const sl_dataset *tr, const sl_dataset *va, uint64_t seed,
             int epochs, int threads, progress_log *log, sl_train_result *res)
{
  char err[256];
  sl_net *net = sl_net_create (arch, 1, tr->h, tr->w, 32, seed, err, sizeof err);
  sl_train_config cfg;

  g_assert_nonnull (net);
  sl_train_defaults_for (&cfg, 1, tr->h, tr->w, tr->n, 2);
  cfg.epochs = epochs;
  cfg.batch_size = 32;
  cfg.seed = seed;
  cfg.threads = threads;
  cfg.augment.rotate_degrees = 0;
  cfg.augment.shift = 0;
  cfg.augment.hflip = 0;
  g_assert_cmpint (sl_train (net, tr, va, &cfg, on_progress, log, res, err, sizeof err), ==, 0);
  return net;
}

#define SMALL_ARCH "conv3:8,bn,relu,maxpool2,conv3:16,bn,relu,gap,fc:2"

/* on one thread (OpenBLAS's) and on two data-parallel workers */
static void
test_learns (void)
{
  sl_dataset tr, va;

  make_patch_set (&tr, 512, 12, 1);
  make_patch_set (&va, 128, 12, 2);
  for (int threads = 1; threads <= 2; threads++)
    {
      progress_log log = { g_array_new (FALSE, FALSE, sizeof (float)) };
      sl_train_result res;
      sl_net *net = train_small (SMALL_ARCH, &tr, &va, 7, 6, threads, &log, &res);
      float first = g_array_index (log.losses, float, 0);
      float last = g_array_index (log.losses, float, log.losses->len - 1);

      g_test_message ("%d thread(s): loss %.3f -> %.3f, best val accuracy %.3f AUC %.3f at "
                      "epoch %d, %.0f images/s", threads, first, last, res.best_val_accuracy,
                      res.best_val_auc, res.best_epoch, res.images_per_second);
      g_assert_cmpfloat (last, <, first * 0.5f);
      g_assert_cmpfloat (res.best_val_accuracy, >=, 0.95f);
      g_assert_cmpint (res.epochs_run, ==, 6);
      g_assert_cmpint (res.cancelled, ==, 0);
      g_assert_cmpfloat (res.images_per_second, >, 0);
      sl_net_free (net);
      g_array_unref (log.losses);
    }
  free_set (&tr);
  free_set (&va);
}

static void
test_sgd_and_schedules (void)
{
  sl_dataset tr, va;
  sl_train_result res;
  sl_train_config cfg;
  char err[256];
  sl_net *net;
  float p[2] = { 1, -2 }, g[2] = { 0.5f, 0.5f };
  sl_optim o;

  /* schedules: warm-up, cosine end points, steps */
  g_assert_cmpfloat_with_epsilon (sl_lr_at (SL_SCHED_COSINE, 1, 0, 100, 9), 0.1, 1e-6);
  g_assert_cmpfloat_with_epsilon (sl_lr_at (SL_SCHED_COSINE, 1, 10, 110, 10), 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (sl_lr_at (SL_SCHED_COSINE, 1, 60, 110, 10), 0.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (sl_lr_at (SL_SCHED_COSINE, 1, 110, 110, 10), 0.0, 1e-6);
  g_assert_cmpfloat (sl_lr_at (SL_SCHED_STEP, 1, 49, 100, 0), ==, 1.0f);
  g_assert_cmpfloat_with_epsilon (sl_lr_at (SL_SCHED_STEP, 1, 50, 100, 0), 0.1, 1e-7);
  g_assert_cmpfloat_with_epsilon (sl_lr_at (SL_SCHED_STEP, 1, 80, 100, 0), 0.01, 1e-7);
  g_assert_cmpfloat (sl_lr_at (SL_SCHED_CONSTANT, 0.3f, 99, 100, 0), ==, 0.3f);

  /* one SGD step by hand: v = g + wd p on the decayed part only; p -= lr v */
  g_assert_cmpint (sl_optim_init (&o, SL_OPT_SGD, 2, 1, 0.9f, 0.1f), ==, 0);
  sl_optim_step (&o, p, g, 0.5f);
  g_assert_cmpfloat_with_epsilon (p[0], 1 - 0.5 * (0.5 + 0.1), 1e-6);
  g_assert_cmpfloat_with_epsilon (p[1], -2 - 0.5 * 0.5, 1e-6);
  sl_optim_step (&o, p, g, 0.5f);
  g_assert_cmpfloat_with_epsilon (p[1], -2.25 - 0.5 * (0.9 * 0.5 + 0.5), 1e-6);
  sl_optim_free (&o);
  /* AdamW's first step moves each parameter by lr (sign of g), decay first */
  p[0] = 1, p[1] = -2;
  g_assert_cmpint (sl_optim_init (&o, SL_OPT_ADAMW, 2, 1, 0, 0.1f), ==, 0);
  sl_optim_step (&o, p, g, 0.01f);
  g_assert_cmpfloat_with_epsilon (p[0], 1 * (1 - 0.01 * 0.1) - 0.01, 1e-6);
  g_assert_cmpfloat_with_epsilon (p[1], -2 - 0.01, 1e-6);
  sl_optim_free (&o);

  /* SGD with the step schedule also learns */
  make_patch_set (&tr, 512, 12, 1);
  make_patch_set (&va, 128, 12, 2);
  net = sl_net_create (SMALL_ARCH, 1, 12, 12, 32, 4, err, sizeof err);
  sl_train_defaults_for (&cfg, 1, 12, 12, tr.n, 2);
  cfg.optimizer = SL_OPT_SGD;
  cfg.schedule = SL_SCHED_STEP;
  cfg.lr = 0.05f;
  cfg.weight_decay = 5e-4f;
  cfg.epochs = 6;
  cfg.batch_size = 32;
  cfg.threads = 2;
  sl_augment_config_default (&cfg.augment);
  g_assert_cmpint (sl_train (net, &tr, &va, &cfg, NULL, NULL, &res, err, sizeof err), ==, 0);
  g_test_message ("SGD: best val accuracy %.3f", res.best_val_accuracy);
  g_assert_cmpfloat (res.best_val_accuracy, >=, 0.95f);
  sl_net_free (net);
  free_set (&tr);
  free_set (&va);
}

static void
test_deterministic (void)
{
  sl_dataset tr, va;
  progress_log a = { g_array_new (FALSE, FALSE, sizeof (float)) };
  progress_log b = { g_array_new (FALSE, FALSE, sizeof (float)) };
  progress_log c = { g_array_new (FALSE, FALSE, sizeof (float)) };
  sl_train_result res;
  sl_net *na, *nb, *nc;
  sl_train_config cfg;
  char err[256];

  make_patch_set (&tr, 200, 10, 3);
  make_patch_set (&va, 40, 10, 4);
  /* with augmentation and dropout on: every random draw comes from the seed */
  sl_train_defaults_for (&cfg, 1, 10, 10, tr.n, 2);
  na = sl_net_create ("conv3:6,bn,relu,dropout:0.2,gap,fc:2", 1, 10, 10, 32, 5, err, sizeof err);
  nb = sl_net_create ("conv3:6,bn,relu,dropout:0.2,gap,fc:2", 1, 10, 10, 32, 5, err, sizeof err);
  nc = sl_net_create ("conv3:6,bn,relu,dropout:0.2,gap,fc:2", 1, 10, 10, 32, 6, err, sizeof err);
  cfg.epochs = 2;
  cfg.batch_size = 32;
  cfg.threads = 2;
  cfg.seed = 5;
  g_assert_cmpint (sl_train (na, &tr, &va, &cfg, on_progress, &a, &res, err, sizeof err), ==, 0);
  g_assert_cmpint (sl_train (nb, &tr, &va, &cfg, on_progress, &b, &res, err, sizeof err), ==, 0);
  cfg.seed = 6;
  g_assert_cmpint (sl_train (nc, &tr, &va, &cfg, on_progress, &c, &res, err, sizeof err), ==, 0);
  g_assert_cmpint (a.losses->len, ==, b.losses->len);
  g_assert_cmpint (a.losses->len, ==, 14);
  g_assert_cmpmem (a.losses->data, a.losses->len * sizeof (float), b.losses->data,
                   b.losses->len * sizeof (float));
  g_assert_cmpmem (na->params, na->n_params * sizeof (float), nb->params,
                   nb->n_params * sizeof (float));
  g_assert_true (memcmp (a.losses->data, c.losses->data, a.losses->len * sizeof (float)) != 0);
  sl_net_free (na);
  sl_net_free (nb);
  sl_net_free (nc);
  g_array_unref (a.losses);
  g_array_unref (b.losses);
  g_array_unref (c.losses);
  free_set (&tr);
  free_set (&va);
}

/* ---- data-parallel steps ---- */

/* One full-batch step on one thread: the reference. Returns the loss. */
static float
reference_step (sl_net *net, const float *x, const int *y, int n, const float *cw, float smoothing,
                int *correct)
{
  const float *logits;
  float loss;

  sl_net_load_input (net, x, n);
  logits = sl_net_forward (net, n, 1);
  loss = sl_softmax_xent (net->n_classes, n, logits, y, cw, smoothing, net->probs, net->dlogits);
  sl_net_backward (net, n, net->dlogits, -1);
  *correct = 0;
  for (int i = 0; i < n; i++)
    {
      int arg = 0;

      for (int k = 1; k < net->n_classes; k++)
        if (net->probs[(size_t) k * n + i] > net->probs[(size_t) arg * n + i])
          arg = k;
      *correct += arg == y[i];
    }
  return loss;
}

static double
max_abs (const float *a, size_t n)
{
  double m = 0;

  for (size_t i = 0; i < n; i++)
    m = fmax (m, fabs (a[i]));
  return m;
}

static double
max_abs_diff (const float *a, const float *b, size_t n)
{
  double m = 0;

  for (size_t i = 0; i < n; i++)
    m = fmax (m, fabs ((double) a[i] - b[i]));
  return m;
}

/* Without batch norm, the workers' summed gradient is the full batch's gradient; with it, the
 * running means (over equal parts) are the full batch's. Odd sizes, class weights, smoothing. */
static void
test_data_parallel (void)
{
  const char *plain = "conv3:5,relu,maxpool2,conv3:7/s2,relu,gap,fc:3";
  const char *with_bn = "conv3:5,bn,relu,maxpool2,conv3:7,bn,relu,gap,fc:3";
  const float cw[3] = { 0.5f, 1.7f, 1.0f };
  const int side = 9, n = 13;
  float x[13 * 81], probs_ref[13 * 3], probs_par[13 * 3];
  int y[13];
  char err[256];
  sl_rng rng;

  sl_rng_seed (&rng, 42);
  for (int i = 0; i < n * side * side; i++)
    x[i] = sl_rng_uniform (&rng);
  for (int i = 0; i < n; i++)
    y[i] = (int) sl_rng_below (&rng, 3);

  for (int threads = 2; threads <= 4; threads++)
    {
      sl_net *ref = sl_net_create (plain, 1, side, side, n, 9, err, sizeof err);
      sl_net *net = sl_net_create (plain, 1, side, side, n, 9, err, sizeof err);
      sl_workers *w;
      float loss_ref, loss;
      int hits_ref, hits;
      double diff, scale;

      sl_net_set_normalisation (ref, (float[]) { 0.4f }, (float[]) { 0.3f });
      sl_net_set_normalisation (net, (float[]) { 0.4f }, (float[]) { 0.3f });
      w = sl_workers_new (net, threads, n, err, sizeof err);
      g_assert_nonnull (w);
      /* at least 2 images each: 13 images allow up to 6 workers */
      g_assert_cmpint (sl_workers_count (w), ==, threads);
      loss_ref = reference_step (ref, x, y, n, cw, 0.1f, &hits_ref);
      loss = sl_workers_step (w, x, y, n, cw, 0.1f, &hits);
      diff = max_abs_diff (net->grads, ref->grads, net->n_params);
      scale = max_abs (ref->grads, ref->n_params);
      g_test_message ("%d workers: loss %.6f vs %.6f, gradient max difference %.3g of %.3g",
                      threads, loss, loss_ref, diff, scale);
      g_assert_cmpfloat (scale, >, 0);
      g_assert_cmpfloat (diff, <=, 1e-5 * scale);
      g_assert_cmpfloat_with_epsilon (loss, loss_ref, 1e-5 * loss_ref);
      g_assert_cmpint (hits, ==, hits_ref);

      /* prediction split across the workers */
      sl_net_predict (ref, x, n, probs_ref);
      sl_workers_predict (w, x, n, probs_par);
      g_assert_cmpfloat (max_abs_diff (probs_par, probs_ref, n * 3), <=, 1e-5);
      sl_workers_free (w);
      sl_net_free (ref);
      sl_net_free (net);
    }

  /* batch norm: ghost statistics per part, but equal parts average to the batch's means (in
   * the first bn layer: the later ones see activations normalised per part) */
  {
    sl_net *ref = sl_net_create (with_bn, 1, side, side, 12, 9, err, sizeof err);
    sl_net *net = sl_net_create (with_bn, 1, side, side, 12, 9, err, sizeof err);
    sl_workers *w = sl_workers_new (net, 2, 12, err, sizeof err);
    const sl_net_layer *a = &net->layers[1], *b = &ref->layers[1];
    double diff, scale;
    int hits;

    g_assert_nonnull (w);
    g_assert_cmpint (a->spec.kind, ==, SL_LAYER_BN);
    reference_step (ref, x, y, 12, NULL, 0, &hits);
    sl_workers_step (w, x, y, 12, NULL, 0, &hits);
    g_assert_cmpfloat (max_abs (b->running_mean, a->c), >, 0);
    g_assert_cmpfloat (max_abs_diff (a->running_mean, b->running_mean, a->c), <=,
                       1e-5 * max_abs (b->running_mean, a->c));
    /* the gradient is not the full batch's, but close to it */
    diff = max_abs_diff (net->grads, ref->grads, net->n_params);
    scale = max_abs (ref->grads, ref->n_params);
    g_test_message ("ghost batch norm, 2 workers: gradient max difference %.3g of %.3g", diff,
                    scale);
    g_assert_cmpfloat (diff, >, 0);
    g_assert_cmpfloat (diff, <, scale);
    sl_workers_free (w);
    sl_net_free (ref);
    sl_net_free (net);
  }
}

static void
test_cancel_and_errors (void)
{
  sl_dataset tr, bad;
  progress_log log = { g_array_new (FALSE, FALSE, sizeof (float)), 3 };
  sl_train_result res;
  sl_train_config cfg;
  sl_net *net;
  char err[256];
  int *labels;

  make_patch_set (&tr, 200, 10, 3);
  net = train_small ("conv3:4,relu,gap,fc:2", &tr, NULL, 1, 5, 2, &log, &res);
  g_assert_cmpint (res.cancelled, ==, 1);
  g_assert_cmpint (log.calls, ==, 3);
  g_assert_cmpint (res.epochs_run, ==, 0);

  sl_train_defaults_for (&cfg, 1, 8, 8, 10, 2);
  cfg.batch_size = 32;
  make_patch_set (&bad, 10, 8, 3);
  g_assert_cmpint (sl_train (net, &bad, NULL, &cfg, NULL, NULL, &res, err, sizeof err), ==, -1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "8x8"));
  free_set (&bad);
  make_patch_set (&bad, 10, 10, 3);
  labels = (int *) bad.y;
  labels[4] = 7;
  g_assert_cmpint (sl_train (net, &bad, NULL, &cfg, NULL, NULL, &res, err, sizeof err), ==, -1);
  g_assert_nonnull (strstr (err, "label 7"));
  cfg.batch_size = 1000;
  labels[4] = 0;
  g_assert_cmpint (sl_train (net, &bad, NULL, &cfg, NULL, NULL, &res, err, sizeof err), ==, -1);
  g_assert_nonnull (strstr (err, "batch size"));
  free_set (&bad);
  sl_net_free (net);
  g_array_unref (log.losses);
  free_set (&tr);
}

/* ---- Grad-CAM ---- */

static void
test_gradcam (void)
{
  sl_dataset tr, va;
  progress_log log = { g_array_new (FALSE, FALSE, sizeof (float)) };
  sl_train_result res;
  float heat[16 * 16], probs[2];
  char err[256];
  double in_sum = 0, out_sum = 0;
  int in_n = 0, out_n = 0, tested = 0;
  sl_net *net;

  make_patch_set (&tr, 512, 16, 11);
  make_patch_set (&va, 128, 16, 12);
  net = train_small ("conv3:8,bn,relu,conv3:16,bn,relu,maxpool2,conv3:16,bn,relu,gap,fc:2", &tr,
                     &va, 3, 6, 2, &log, &res);
  g_assert_cmpfloat (res.best_val_accuracy, >=, 0.9f);
  for (int i = 0; i < va.n; i++)
    {
      const float *x = va.x + (size_t) i * 256;
      float peak = 0;

      if (va.y[i] != 1)
        continue;
      sl_net_predict (net, x, 1, probs);
      g_assert_cmpint (sl_gradcam (net, x, 1, -1, heat, err, sizeof err), ==, 0);
      for (int p = 0; p < 256; p++)
        {
          int r = p / 16, c = p % 16;

          peak = fmaxf (peak, heat[p]);
          g_assert_cmpfloat (heat[p], >=, 0);
          g_assert_cmpfloat (heat[p], <=, 1);
          if (r >= 2 && r < 6 && c >= 2 && c < 6)
            in_sum += heat[p], in_n++;
          else
            out_sum += heat[p], out_n++;
        }
      /* normalised at the input's size, not before upsampling */
      g_assert_cmpfloat (peak, ==, 1.0f);
      tested++;
    }
  g_test_message ("Grad-CAM on %d images: mean heat %.3f inside the decisive patch, %.3f outside",
                  tested, in_sum / in_n, out_sum / out_n);
  g_assert_cmpfloat (in_sum / in_n, >, 2 * (out_sum / out_n));

  /* any conv layer; bad arguments */
  g_assert_cmpint (sl_gradcam (net, va.x, 1, 0, heat, err, sizeof err), ==, 0);
  g_assert_cmpint (sl_gradcam (net, va.x, 1, 3, heat, err, sizeof err), ==, -1);
  g_assert_nonnull (strstr (err, "conv layer 3"));
  g_assert_cmpint (sl_gradcam (net, va.x, 2, -1, heat, err, sizeof err), ==, -1);
  g_assert_nonnull (strstr (err, "class 2"));
  sl_net_free (net);
  g_array_unref (log.losses);
  free_set (&tr);
  free_set (&va);
}

/* The default maps: the last ones of at least 8x8, else the largest. */
static void
expect_default_layer (const char *arch, int c, int side, int layer, int map)
{
  char err[256];
  sl_net *net = sl_net_create (arch, c, side, side, 2, 1, err, sizeof err);
  int h = 0, w = 0;

  g_assert_nonnull (net);
  g_assert_cmpint (sl_gradcam_default_layer (net, &h, &w), ==, layer);
  g_assert_cmpint (h, ==, map);
  g_assert_cmpint (w, ==, map);
  sl_net_free (net);
}

static void
test_gradcam_layer (void)
{
  char arch[256], err[256];
  float x[3 * 64 * 64], heat[64 * 64];
  sl_net *net;

  /* the 28 px default: conv maps of 28, 14 and 7: the 14x14 ones */
  g_assert_cmpint (sl_arch_default (1, 28, 28, 2, arch, sizeof arch), ==, 0);
  expect_default_layer (arch, 1, 28, 1, 14);
  /* the 64 and 128 px defaults end in 8x8 residual maps */
  g_assert_cmpint (sl_arch_default (3, 64, 64, 8, arch, sizeof arch), ==, 0);
  expect_default_layer (arch, 3, 64, 2, 8);
  g_assert_cmpint (sl_arch_default (1, 128, 128, 2, arch, sizeof arch), ==, 0);
  expect_default_layer (arch, 1, 128, 2, 8);
  /* every map under 8x8: the largest */
  expect_default_layer ("conv3:4/s2,conv3:4/s2,gap,fc:2", 1, 12, 0, 6);
  expect_default_layer ("gap,fc:2", 1, 12, -1, 0);

  /* a residual block's maps, on a colour image */
  g_assert_cmpint (sl_arch_default (3, 64, 64, 8, arch, sizeof arch), ==, 0);
  net = sl_net_create (arch, 3, 64, 64, 2, 1, err, sizeof err);
  for (int i = 0; i < 3 * 64 * 64; i++)
    x[i] = (float) ((i * 37) % 101) / 100;
  g_assert_cmpint (sl_gradcam (net, x, 5, -1, heat, err, sizeof err), ==, 0);
  for (int i = 0; i < 64 * 64; i++)
    g_assert_true (heat[i] >= 0 && heat[i] <= 1);
  g_assert_cmpint (sl_gradcam (net, x, 5, 3, heat, err, sizeof err), ==, -1);
  g_assert_nonnull (strstr (err, "3 conv and residual layers"));
  sl_net_free (net);
}

/* ---- checkpoint ---- */

static sl_net *
load_expect_error (const unsigned char *buf, size_t len, const char *fragment)
{
  char err[256] = "";
  sl_net *net = sl_checkpoint_load_buffer (buf, len, 8, err, sizeof err);

  g_test_message ("-> %s", err);
  g_assert_null (net);
  g_assert_nonnull (strstr (err, fragment));
  return net;
}

static void
test_checkpoint (void)
{
  sl_dataset tr;
  progress_log log = { g_array_new (FALSE, FALSE, sizeof (float)) };
  sl_train_result res;
  const char *names[2] = { "normal", "pneumonia" };
  unsigned char *buf, *copy;
  size_t len;
  float p1[20 * 2], p2[20 * 2];
  char err[256];
  sl_net *net, *back;
  int c, h, w;
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "model.slm", NULL);

  make_patch_set (&tr, 128, 10, 5);
  net = train_small ("conv3:4,bn,relu,maxpool2,conv3:6/s2,bn,relu,dropout:0.1,fc:2", &tr, NULL, 1,
                     2, 2, &log, &res);
  sl_net_set_class_names (net, names, 2);
  g_assert_cmpint (sl_checkpoint_save_buffer (net, &buf, &len), ==, 0);
  back = sl_checkpoint_load_buffer (buf, len, 8, err, sizeof err);
  g_assert_nonnull (back);
  sl_net_input_shape (back, &c, &h, &w);
  g_assert_cmpint (c, ==, 1);
  g_assert_cmpint (h, ==, 10);
  g_assert_cmpint (w, ==, 10);
  g_assert_cmpstr (sl_net_arch (back), ==, sl_net_arch (net));
  g_assert_cmpstr (sl_net_class_name (back, 1), ==, "pneumonia");
  g_assert_cmpfloat (back->norm_mean[0], ==, net->norm_mean[0]);
  g_assert_cmpfloat (back->norm_std[0], ==, net->norm_std[0]);
  sl_net_predict (net, tr.x, 20, p1);
  sl_net_predict (back, tr.x, 20, p2);
  /* (another max batch: sgemm may round differently) */
  for (int i = 0; i < 40; i++)
    g_assert_cmpfloat_with_epsilon (p1[i], p2[i], 1e-5);
  g_assert_cmpmem (net->params, net->n_params * sizeof (float), back->params,
                   back->n_params * sizeof (float));
  g_assert_cmpmem (net->buffers, net->n_buffers * sizeof (float), back->buffers,
                   back->n_buffers * sizeof (float));
  sl_net_free (back);

  /* through a file */
  g_assert_cmpint (sl_checkpoint_save (net, path, err, sizeof err), ==, 0);
  back = sl_checkpoint_load (path, 4, err, sizeof err);
  g_assert_nonnull (back);
  sl_net_predict (back, tr.x, 20, p2);
  for (int i = 0; i < 40; i++)
    g_assert_cmpfloat_with_epsilon (p1[i], p2[i], 1e-5);
  sl_net_free (back);
  g_remove (path);
  g_assert_null (sl_checkpoint_load (path, 4, err, sizeof err));
  g_assert_nonnull (strstr (err, "cannot open"));
  g_rmdir (dir);

  /* damage */
  copy = g_memdup2 (buf, len);
  copy[len / 2] ^= 0x40;
  load_expect_error (copy, len, "checksum");
  memcpy (copy, buf, len);
  load_expect_error (copy, len - 100, "truncated");
  load_expect_error (copy, 10, "truncated");
  load_expect_error ((const unsigned char *) "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16,
                     "not a Sightline model");
  load_expect_error (copy, 0, "not a Sightline model");
  copy[8] = 3; /* version 3 */
  load_expect_error (copy, len, "newer");
  memcpy (copy, buf, len);
  copy[12] ^= 1; /* stated length */
  load_expect_error (copy, len, "damaged");
  g_free (copy);
  copy = g_malloc (len + 8);
  memcpy (copy, buf, len);
  memset (copy + len, 0, 8);
  load_expect_error (copy, len + 8, "damaged");
  g_free (copy);

  /* a valid checksum over a NaN weight (as a diverged training would save): refused */
  free (buf);
  net->params[0] = NAN;
  g_assert_cmpint (sl_checkpoint_save_buffer (net, &buf, &len), ==, 0);
  load_expect_error (buf, len, "weights that are not numbers (NaN or infinite)");
  free (buf);
  sl_net_free (net);
  g_array_unref (log.losses);
  free_set (&tr);
}

/* The weights' moving average: what training leaves in the net without a val split is
 * ema = d ema + (1 - d) params after every step, d = min (decay, (1 + t) / (10 + t)), from the
 * initial weights; with a val split, val scores that average too. */
typedef struct { const sl_net *net; float decay; double *ema; long step; } ema_follow;

static int
on_step_follow_ema (const sl_train_progress *p, void *user)
{
  ema_follow *f = user;
  double warm = (1.0 + f->step) / (10.0 + f->step), d = f->decay < warm ? f->decay : warm;

  if (p->epoch_done)
    return 0;
  for (size_t i = 0; i < f->net->n_params; i++)
    f->ema[i] = d * f->ema[i] + (1 - d) * f->net->params[i];
  f->step++;
  return 0;
}

static void
test_weight_average (void)
{
  sl_dataset tr, va;
  sl_train_config cfg;
  sl_train_result res, res_plain;
  char err[256];
  sl_net *net = NULL, *plain;
  ema_follow f = { 0 };
  double max_diff = 0, max_move = 0;

  make_patch_set (&tr, 256, 10, 11);
  make_patch_set (&va, 64, 10, 12);
  sl_train_defaults_for (&cfg, 1, 10, 10, tr.n, 2);
  g_assert_cmpfloat (cfg.ema_decay, >, 0);
  /* a constant rate keeps the last steps moving, so the average lags behind them */
  cfg.schedule = SL_SCHED_CONSTANT;
  cfg.epochs = 3;
  cfg.batch_size = 32;
  cfg.threads = 2;
  net = sl_net_create (SMALL_ARCH, 1, 10, 10, 32, 3, err, sizeof err);
  f.net = net;
  f.decay = cfg.ema_decay;
  f.ema = g_new (double, net->n_params);
  for (size_t i = 0; i < net->n_params; i++)
    f.ema[i] = net->params[i];
  g_assert_cmpint (sl_train (net, &tr, NULL, &cfg, on_step_follow_ema, &f, &res, err, sizeof err),
                   ==, 0);
  g_assert_cmpint (f.step, ==, 3 * 8);
  plain = sl_net_create (SMALL_ARCH, 1, 10, 10, 32, 3, err, sizeof err);
  cfg.ema_decay = 0;
  g_assert_cmpint (sl_train (plain, &tr, NULL, &cfg, NULL, NULL, &res_plain, err, sizeof err),
                   ==, 0);
  for (size_t i = 0; i < net->n_params; i++)
    {
      max_diff = fmax (max_diff, fabs (net->params[i] - f.ema[i]));
      max_move = fmax (max_move, fabs (net->params[i] - plain->params[i]));
    }
  g_test_message ("average against the last weights: %g apart (rounding %g)", max_move,
                  max_diff);
  g_assert_cmpfloat (max_diff, <, 1e-4);
  g_assert_cmpfloat (max_move, >, 1e-3);
  sl_net_free (plain);

  /* with val, the kept model is the average at the best epoch: it scores what val reported */
  sl_train_defaults_for (&cfg, 1, 10, 10, tr.n, 2);
  cfg.epochs = 3;
  cfg.batch_size = 32;
  cfg.threads = 2;
  sl_net_free (net);
  net = sl_net_create (SMALL_ARCH, 1, 10, 10, 32, 3, err, sizeof err);
  g_assert_cmpint (sl_train (net, &tr, &va, &cfg, NULL, NULL, &res, err, sizeof err), ==, 0);
  {
    float *probs = g_new (float, (size_t) va.n * 2);
    int hits = 0;

    sl_net_predict (net, va.x, va.n, probs);
    for (int i = 0; i < va.n; i++)
      hits += (probs[2 * i + 1] > probs[2 * i]) == va.y[i];
    g_assert_cmpfloat_with_epsilon ((float) hits / va.n, res.best_val_accuracy, 1e-6);
    g_free (probs);
  }
  sl_net_free (net);
  g_free (f.ema);
  free_set (&tr);
  free_set (&va);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/ml/net/arch", test_arch);
  g_test_add_func ("/sightline/ml/net/learns", test_learns);
  g_test_add_func ("/sightline/ml/net/sgd-and-schedules", test_sgd_and_schedules);
  g_test_add_func ("/sightline/ml/net/deterministic", test_deterministic);
  g_test_add_func ("/sightline/ml/net/weight-average", test_weight_average);
  g_test_add_func ("/sightline/ml/net/data-parallel", test_data_parallel);
  g_test_add_func ("/sightline/ml/net/cancel-and-errors", test_cancel_and_errors);
  g_test_add_func ("/sightline/ml/net/gradcam", test_gradcam);
  g_test_add_func ("/sightline/ml/net/gradcam-layer", test_gradcam_layer);
  g_test_add_func ("/sightline/ml/net/checkpoint", test_checkpoint);
  return g_test_run ();
}
