/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trains the default config (SL_DEFAULT_ARCH, sl_train_config_default) on the demo set for
 * several seeds and prints test accuracy / AUC per seed and the medians.
 * Usage: bench-quality [DEMO_DIR] [SEEDS] [EPOCHS] [ARCH] */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "config.h"
#include "sl-data-dirs.h"
#include "demo-data.h"
#include "sl-metrics.h"
#include "sl-train.h"

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Tuning knobs: SL_Q_LR, SL_Q_WD, SL_Q_SMOOTH, SL_Q_ROT, SL_Q_SHIFT, SL_Q_SCALE,
 * SL_Q_BRIGHT, SL_Q_CONTRAST, SL_Q_FLIP, SL_Q_BATCH, SL_Q_WARMUP override the defaults. */
static void
apply_overrides (sl_train_config *cfg)
{
  const char *v;

#define KNOB(name, field, conv) if ((v = g_getenv (name))) cfg->field = conv (v)
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
#undef KNOB
}

int
main (int argc, char **argv)
{
  const char *dir = argc > 1 && argv[1][0] ? argv[1] : sl_data_dirs_demo ();
  int seeds = argc > 2 ? atoi (argv[2]) : 3;
  const char *arch = argc > 4 ? argv[4] : SL_DEFAULT_ARCH;
  demo_split tr, va, te;
  double acc[16], auc[16], secs[16];

  if (demo_split_load (dir, "train", &tr) < 0 || demo_split_load (dir, "val", &va) < 0
      || demo_split_load (dir, "test", &te) < 0)
    return 1;
  if (seeds > 16)
    seeds = 16;
  printf ("arch %s\n", arch);
  for (int s = 0; s < seeds; s++)
    {
      sl_train_config cfg;
      sl_train_result res;
      sl_dataset dtr = { tr.x, tr.y, tr.n, 1, tr.h, tr.w }, dva = { va.x, va.y, va.n, 1, va.h, va.w };
      sl_metrics m;
      float *probs = malloc (sizeof (float) * te.n * 2);
      char err[256];
      sl_net *net;
      clock_t cpu0 = clock ();

      sl_train_config_default (&cfg);
      cfg.seed = s + 1;
      cfg.threads = 2;
      if (argc > 3 && atoi (argv[3]) > 0)
        cfg.epochs = atoi (argv[3]);
      apply_overrides (&cfg);
      net = sl_net_create (arch, 1, tr.h, tr.w, cfg.batch_size > 256 ? cfg.batch_size : 256,
                           cfg.seed, err, sizeof err);
      /* SL_Q_LAST=1: no validation, keep the last epoch's parameters */
      if (!net || sl_train (net, &dtr, g_getenv ("SL_Q_LAST") ? NULL : &dva, &cfg, NULL, NULL, &res,
                            err, sizeof err) != 0)
        {
          fprintf (stderr, "%s\n", err);
          return 1;
        }
      sl_net_predict (net, te.x, te.n, probs);
      sl_metrics_compute (&m, te.y, probs, te.n, 2);
      acc[s] = m.accuracy;
      auc[s] = m.auc;
      secs[s] = res.seconds;
      printf ("seed %d: test accuracy %.4f AUC %.4f | best val epoch %d/%d acc %.4f AUC %.4f | "
              "%.1f s (%.1f s CPU), %.0f images/s\n", s + 1, m.accuracy, m.auc, res.best_epoch,
              res.epochs_run, res.best_val_accuracy, res.best_val_auc, res.seconds,
              (double) (clock () - cpu0) / CLOCKS_PER_SEC, res.images_per_second);
      fflush (stdout);
      sl_metrics_free (&m);
      free (probs);
      sl_net_free (net);
    }
  qsort (acc, seeds, sizeof (double), cmp_double);
  qsort (auc, seeds, sizeof (double), cmp_double);
  qsort (secs, seeds, sizeof (double), cmp_double);
  printf ("median of %d seeds: test accuracy %.4f AUC %.4f, training %.1f s\n", seeds,
          acc[seeds / 2], auc[seeds / 2], secs[seeds / 2]);
  demo_split_free (&tr);
  demo_split_free (&va);
  demo_split_free (&te);
  return 0;
}
