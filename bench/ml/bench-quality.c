/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trains what a user gets by default (sl_input_size_default, sl_arch_default,
 * sl_train_defaults_for) on a DIR/{train,val,test}/<class>/<image>.png dataset for seeds
 * 1..SEEDS on 2 threads, and prints per seed the test accuracy, balanced accuracy, macro AUC and
 * the training time, then the medians and the machine's load average (the figures are only
 * comparable on a quiet machine). Colour is kept; square images larger than the default input
 * side are shrunk to it with sl_resize_bilinear.
 * Usage: bench-quality [DIR] [SEEDS] [ARCH]
 * Tuning knobs (environment): SL_Q_EPOCHS, SL_Q_LR, SL_Q_WD, SL_Q_SMOOTH, SL_Q_ROT, SL_Q_SHIFT,
 * SL_Q_SCALE, SL_Q_BRIGHT, SL_Q_CONTRAST, SL_Q_FLIP, SL_Q_BATCH, SL_Q_WARMUP, SL_Q_PATIENCE,
 * SL_Q_WEIGHTS, SL_Q_EMA, SL_Q_FIRST_SEED override the defaults; SL_Q_EPOCH_LOG=1 prints every
 * epoch; SL_Q_SIZE=N trains at N x N instead. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "config.h"
#include "image-folders.h"
#include "sl-augment.h"
#include "sl-data-dirs.h"
#include "sl-defaults.h"
#include "sl-metrics.h"

#define MAX_SEEDS 16

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *v, int n)
{
  qsort (v, n, sizeof (double), cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
apply_overrides (sl_train_config *cfg)
{
  const char *v;

#define KNOB(name, field, conv) if ((v = g_getenv (name))) cfg->field = conv (v)
  KNOB ("SL_Q_EPOCHS", epochs, atoi);
  KNOB ("SL_Q_LR", lr, atof);
  KNOB ("SL_Q_WD", weight_decay, atof);
  KNOB ("SL_Q_SMOOTH", label_smoothing, atof);
  KNOB ("SL_Q_ROT", augment.rotate_degrees, atof);
  KNOB ("SL_Q_SHIFT", augment.shift, atof);
  KNOB ("SL_Q_SCALE", augment.scale, atof);
  KNOB ("SL_Q_BRIGHT", augment.brightness, atof);
  KNOB ("SL_Q_CONTRAST", augment.contrast, atof);
  KNOB ("SL_Q_FLIP", augment.hflip, atoi);
  KNOB ("SL_Q_BATCH", batch_size, atoi);
  KNOB ("SL_Q_WARMUP", warmup_epochs, atof);
  KNOB ("SL_Q_PATIENCE", patience, atoi);
  KNOB ("SL_Q_WEIGHTS", class_weights, atoi);
  KNOB ("SL_Q_EMA", ema_decay, atof);
#undef KNOB
}

static int
log_epoch (const sl_train_progress *p, void *user)
{
  if (!p->epoch_done)
    return 0;
  printf ("  epoch %d/%d: loss %.4f accuracy %.4f | val loss %.4f accuracy %.4f AUC %.4f\n",
          p->epoch, p->epochs, p->loss, p->accuracy, p->val_loss, p->val_accuracy, p->val_auc);
  fflush (stdout);
  return 0;
}

/* Every image of s resized to side x side. */
static void
resize_split (image_split *s, int side)
{
  const size_t in_img = (size_t) s->c * s->h * s->w, out_img = (size_t) s->c * side * side;
  float *x = g_new (float, out_img * s->n);

  for (int i = 0; i < s->n; i++)
    sl_resize_bilinear (s->x + i * in_img, s->c, s->h, s->w, x + i * out_img, side, side);
  g_free (s->x);
  s->x = x;
  s->h = s->w = side;
}

static double
balanced_accuracy (const sl_metrics *m)
{
  double s = 0;

  for (int k = 0; k < m->n_classes; k++)
    s += m->recall[k];
  return s / m->n_classes;
}

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void
print_load (const char *when)
{
  double load[3];

  if (getloadavg (load, 3) == 3)
    printf ("load average %s: %.2f %.2f %.2f (2 cores)\n", when, load[0], load[1], load[2]);
}

int
main (int argc, char **argv)
{
  const char *dir = argc > 1 && argv[1][0] ? argv[1] : sl_data_dirs_demo ();
  int seeds = argc > 2 ? atoi (argv[2]) : 3, first_seed = 1, K, side;
  const char *v;
  image_split tr, va, te;
  double acc[MAX_SEEDS], bacc[MAX_SEEDS], auc[MAX_SEEDS], secs[MAX_SEEDS];
  char arch[512];

  if (image_split_load (dir, "train", &tr) < 0 || image_split_load (dir, "val", &va) < 0
      || image_split_load (dir, "test", &te) < 0)
    return 1;
  if (va.c != tr.c || te.c != tr.c || va.h != tr.h || te.h != tr.h || va.w != tr.w
      || te.w != tr.w || va.n_classes != tr.n_classes || te.n_classes != tr.n_classes)
    {
      fprintf (stderr, "%s: the splits differ in image shape or classes\n", dir);
      return 1;
    }
  K = tr.n_classes;
  side = (v = g_getenv ("SL_Q_SIZE")) && atoi (v) >= 8
         ? atoi (v) : sl_input_size_default (tr.h < tr.w ? tr.h : tr.w);
  if (side != tr.h || side != tr.w)
    {
      resize_split (&tr, side);
      resize_split (&va, side);
      resize_split (&te, side);
    }
  if (argc > 3)
    g_strlcpy (arch, argv[3], sizeof arch);
  else if (sl_arch_default (tr.c, tr.h, tr.w, K, arch, sizeof arch) < 0)
    return 1;
  if ((v = g_getenv ("SL_Q_FIRST_SEED")))
    first_seed = atoi (v);
  seeds = seeds < 1 ? 1 : seeds > MAX_SEEDS ? MAX_SEEDS : seeds;
  printf ("%s: %d classes, %dx%dx%d, train %d, val %d, test %d\narch %s\n", dir, K, tr.c, tr.h,
          tr.w, tr.n, va.n, te.n, arch);
  print_load ("at the start");
  fflush (stdout);
  for (int s = 0; s < seeds; s++)
    {
      sl_train_config cfg;
      sl_train_result res;
      sl_dataset dtr = { tr.x, tr.y, tr.n, tr.c, tr.h, tr.w };
      sl_dataset dva = { va.x, va.y, va.n, va.c, va.h, va.w };
      sl_metrics m;
      float *probs = malloc (sizeof (float) * te.n * K);
      char err[256];
      sl_net *net;
      double cpu0 = cpu_seconds ();

      sl_train_defaults_for (&cfg, tr.c, tr.h, tr.w, tr.n, K);
      cfg.seed = first_seed + s;
      cfg.threads = 2;
      apply_overrides (&cfg);
      if (s == 0)
        printf ("epochs %d, batch %d, lr %g, weight decay %g, patience %d, warm-up %g, "
                "smoothing %g, flip %d, rotate %g, shift %g, scale %g, brightness %g, contrast %g, "
                "EMA %g\n", cfg.epochs,
                cfg.batch_size, cfg.lr, cfg.weight_decay, cfg.patience, cfg.warmup_epochs,
                cfg.label_smoothing, cfg.augment.hflip, cfg.augment.rotate_degrees,
                cfg.augment.shift, cfg.augment.scale, cfg.augment.brightness,
                cfg.augment.contrast, cfg.ema_decay);
      net = sl_net_create (arch, tr.c, tr.h, tr.w, cfg.batch_size > 256 ? cfg.batch_size : 256,
                           cfg.seed, err, sizeof err);
      if (!net || sl_train (net, &dtr, &dva, &cfg, g_getenv ("SL_Q_EPOCH_LOG") ? log_epoch : NULL,
                            NULL, &res, err, sizeof err) != 0)
        {
          fprintf (stderr, "%s\n", err);
          return 1;
        }
      sl_net_predict (net, te.x, te.n, probs);
      sl_metrics_compute (&m, te.y, probs, te.n, K);
      acc[s] = m.accuracy;
      bacc[s] = balanced_accuracy (&m);
      auc[s] = m.auc;
      secs[s] = res.seconds;
      printf ("seed %d: test accuracy %.4f balanced %.4f AUC %.4f | best val epoch %d/%d "
              "acc %.4f AUC %.4f | %.1f s (%.1f s CPU), %.0f images/s\n", (int) cfg.seed,
              m.accuracy, bacc[s], m.auc, res.best_epoch, res.epochs_run, res.best_val_accuracy,
              res.best_val_auc, res.seconds, cpu_seconds () - cpu0, res.images_per_second);
      fflush (stdout);
      sl_metrics_free (&m);
      free (probs);
      sl_net_free (net);
    }
  printf ("median of %d seeds: test accuracy %.4f balanced %.4f AUC %.4f, training %.1f s\n",
          seeds, median (acc, seeds), median (bacc, seeds), median (auc, seeds),
          median (secs, seeds));
  print_load ("at the end");
  image_split_free (&tr);
  image_split_free (&va);
  image_split_free (&te);
  return 0;
}
