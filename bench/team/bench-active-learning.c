/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Active learning, simulated: a reader labels a DIR/{train,test}/<class>/<image>.png set in the order a
 * strategy asks for. Starting from START random labelled images of a POOL drawn from train,
 * each round reveals STEP true labels in queue order and retrains the network warm (from the
 * previous round's weights), then scores it on the whole test split. Strategies: random,
 * uncertainty (smallest margin first), diverse (k-centre greedy on the penultimate features
 * among the 10 × STEP most uncertain), all from the same start. A network trained from scratch
 * on the whole pool gives the full-data result; the bench prints, per strategy, the labels it
 * needed to come within 0.01 AUC (and accuracy) of it, and draws the curves into a PNG.
 * Usage: bench-active-learning OUT.png DIR [DIR…]
 * Each round trains for a budget of optimiser steps (epochs = steps × batch / labels, at least
 * one), so that a round on 50 labels is not a single step.
 * Knobs (environment): SL_AL_POOL (1500), SL_AL_START (50), SL_AL_STEP (100), SL_AL_ROUNDS (7),
 * SL_AL_STEPS (per round, 30), SL_AL_FULL_EPOCHS (15), SL_AL_SEED (1). */
#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ml/image-folders.h"
#include "sl-defaults.h"
#include "sl-features.h"
#include "sl-metrics.h"
#include "sl-select.h"

#define N_STRATEGIES 3
#define MAX_ROUNDS 64
#define DIVERSE_POOL 10
/* A small network for every set, so that the whole bench stays within minutes on two cores;
 * inputs above 40 px get a strided first convolution. */
#define ARCH "conv3:16,bn,relu,maxpool2,conv3:32,bn,relu,maxpool2,conv3:64,bn,relu,gap,fc:%d"
#define ARCH_LARGE "conv3:16/s2,bn,relu,conv3:32,bn,relu,maxpool2,conv3:64,bn,relu,gap,fc:%d"

static const char *const strategy_names[N_STRATEGIES] = { "random", "uncertainty", "diverse" };
static const double strategy_colours[N_STRATEGIES][3] = {
  { 0.5, 0.5, 0.5 }, { 0.85, 0.35, 0.1 }, { 0.1, 0.4, 0.8 }
};

typedef struct
{
  char *name;
  int rounds;
  int labels[MAX_ROUNDS + 1];
  double auc[N_STRATEGIES][MAX_ROUNDS + 1], accuracy[N_STRATEGIES][MAX_ROUNDS + 1];
  double full_auc, full_accuracy;
} curves;

typedef struct
{
  int pool, start, step, rounds, steps, full_epochs;
  guint32 seed;
} knobs;

static int
knob (const char *name, int fallback)
{
  const char *v = g_getenv (name);

  return v != NULL ? atoi (v) : fallback;
}

static void
test_scores (sl_net *net, const image_split *test, double *auc, double *accuracy)
{
  int K = sl_net_num_classes (net);
  float *probs = g_new (float, (gsize) test->n * K);
  sl_metrics m;

  sl_net_predict (net, test->x, test->n, probs);
  sl_metrics_compute (&m, test->y, probs, test->n, K);
  *auc = m.auc;
  *accuracy = m.accuracy;
  sl_metrics_free (&m);
  g_free (probs);
}

/* Trains net (warm: its weights as they are) on the pool images listed in chosen, for epochs, or
 * when epochs is 0 for about steps optimiser steps. */
static int
train_on (sl_net *net, const image_split *pool, const int *chosen, int n, int epochs, int steps,
          guint32 seed)
{
  const size_t img = (size_t) pool->c * pool->h * pool->w;
  float *x = g_new (float, img * n);
  int *y = g_new (int, n);
  sl_dataset data = { x, y, n, pool->c, pool->h, pool->w, NULL };
  sl_train_config cfg;
  sl_train_result res;
  char err[256];
  int rc;

  for (int i = 0; i < n; i++)
    {
      memcpy (x + img * i, pool->x + img * chosen[i], sizeof (float) * img);
      y[i] = pool->y[chosen[i]];
    }
  sl_train_defaults_for (&cfg, pool->c, pool->h, pool->w, n, pool->n_classes);
  cfg.epochs = epochs > 0 ? epochs : MAX (1, (steps * cfg.batch_size + n - 1) / n);
  cfg.patience = 0;
  cfg.threads = 2;
  cfg.seed = seed;
  rc = sl_train (net, &data, NULL, &cfg, NULL, NULL, &res, err, sizeof err);
  if (rc != 0)
    fprintf (stderr, "training failed: %s\n", err);
  g_free (x);
  g_free (y);
  return rc;
}

static sl_net *
new_net (const image_split *pool, guint32 seed)
{
  char arch[256], err[256];
  sl_net *net;

  snprintf (arch, sizeof arch, pool->h > 40 ? ARCH_LARGE : ARCH, pool->n_classes);
  net = sl_net_create (arch, pool->c, pool->h, pool->w, 256, seed, err, sizeof err);
  if (net == NULL)
    fprintf (stderr, "%s: %s\n", arch, err);
  return net;
}

/* Appends the next step pool images (not yet labelled) in the strategy's order. */
static int
next_batch (sl_net *net, const image_split *pool, int strategy, int step, gboolean *labelled,
            int *chosen, int n_chosen, GRand *rng)
{
  const size_t img = (size_t) pool->c * pool->h * pool->w;
  int K = sl_net_num_classes (net), dim = sl_net_feature_dim (net), n = 0;
  int *candidates = g_new (int, pool->n), *order = g_new (int, pool->n);
  int *picked = g_new (int, step);
  float *x = NULL, *probs = NULL, *features = NULL;
  double *scores = NULL;
  int n_picked;

  for (int i = 0; i < pool->n; i++)
    if (!labelled[i])
      candidates[n++] = i;
  if (strategy == 0)
    {
      for (int i = n - 1; i > 0; i--)
        {
          int j = g_rand_int_range (rng, 0, i + 1), tmp = candidates[i];

          candidates[i] = candidates[j];
          candidates[j] = tmp;
        }
      n_picked = MIN (step, n);
      for (int i = 0; i < n_picked; i++)
        picked[i] = i;
    }
  else
    {
      x = g_new (float, img * n);
      probs = g_new (float, (gsize) n * K);
      features = g_new (float, (gsize) n * dim);
      scores = g_new (double, n);
      for (int i = 0; i < n; i++)
        memcpy (x + img * i, pool->x + img * candidates[i], sizeof (float) * img);
      sl_net_features (net, x, n, features, probs);
      sl_uncertainty_scores (probs, n, K, SL_UNCERTAINTY_MARGIN, scores);
      sl_rank_by_score (scores, n, order);
      if (strategy == 1)
        {
          n_picked = MIN (step, n);
          memcpy (picked, order, sizeof (int) * n_picked);
        }
      else
        n_picked = sl_k_centre_greedy (features, dim, order, MIN (n, step * DIVERSE_POOL), step,
                                       picked);
    }
  for (int i = 0; i < n_picked; i++)
    {
      int index = candidates[picked[i]];

      labelled[index] = TRUE;
      chosen[n_chosen + i] = index;
    }
  g_free (candidates);
  g_free (order);
  g_free (picked);
  g_free (x);
  g_free (probs);
  g_free (features);
  g_free (scores);
  return n_chosen + n_picked;
}

static int
run_set (const char *dir, const knobs *k, curves *out)
{
  image_split train = { 0 }, test = { 0 }, pool = { 0 };
  int *start_order, *chosen;
  gboolean *labelled;
  GRand *rng = g_rand_new_with_seed (k->seed);
  sl_net *net;

  if (image_split_load (dir, "train", &train) != 0 || image_split_load (dir, "test", &test) != 0)
    return -1;

  /* the pool: a seeded sample of train */
  pool = train;
  pool.n = MIN (k->pool, train.n);
  start_order = g_new (int, train.n);
  for (int i = 0; i < train.n; i++)
    start_order[i] = i;
  for (int i = train.n - 1; i > 0; i--)
    {
      int j = g_rand_int_range (rng, 0, i + 1), tmp = start_order[i];

      start_order[i] = start_order[j];
      start_order[j] = tmp;
    }
  {
    const size_t img = (size_t) train.c * train.h * train.w;

    pool.x = g_new (float, img * pool.n);
    pool.y = g_new (int, pool.n);
    for (int i = 0; i < pool.n; i++)
      {
        memcpy (pool.x + img * i, train.x + img * start_order[i], sizeof (float) * img);
        pool.y[i] = train.y[start_order[i]];
      }
  }

  out->name = g_path_get_basename (dir);
  out->rounds = MIN (k->rounds, MAX_ROUNDS);
  printf ("%s: %d classes, %dx%dx%d, pool %d of %d train, test %d\n", out->name,
          pool.n_classes, pool.c, pool.h, pool.w, pool.n, train.n, test.n);

  /* full data */
  {
    int *all = g_new (int, pool.n);

    for (int i = 0; i < pool.n; i++)
      all[i] = i;
    net = new_net (&pool, k->seed);
    if (net == NULL || train_on (net, &pool, all, pool.n, k->full_epochs, 0, k->seed) != 0)
      return -1;
    test_scores (net, &test, &out->full_auc, &out->full_accuracy);
    printf ("  full pool (%d labels): AUC %.4f, accuracy %.4f\n", pool.n, out->full_auc,
            out->full_accuracy);
    sl_net_free (net);
    g_free (all);
  }

  labelled = g_new (gboolean, pool.n);
  chosen = g_new (int, pool.n);
  for (int s = 0; s < N_STRATEGIES; s++)
    {
      GRand *order_rng = g_rand_new_with_seed (k->seed + 1);
      int n = MIN (k->start, pool.n);

      memset (labelled, 0, sizeof (gboolean) * pool.n);
      for (int i = 0; i < n; i++)   /* the pool is shuffled: its first images are a random start */
        {
          chosen[i] = i;
          labelled[i] = TRUE;
        }
      net = new_net (&pool, k->seed);
      for (int r = 0; r <= out->rounds && net != NULL; r++)
        {
          if (r > 0)
            n = next_batch (net, &pool, s, k->step, labelled, chosen, n, order_rng);
          if (train_on (net, &pool, chosen, n, 0, k->steps, k->seed + r) != 0)
            return -1;
          out->labels[r] = n;
          test_scores (net, &test, &out->auc[s][r], &out->accuracy[s][r]);
          printf ("  %-11s labels %5d: AUC %.4f, accuracy %.4f\n", strategy_names[s], n,
                  out->auc[s][r], out->accuracy[s][r]);
          fflush (stdout);
        }
      sl_net_free (net);
      g_rand_free (order_rng);
    }

  g_free (labelled);
  g_free (chosen);
  g_free (start_order);
  g_free (pool.x);
  g_free (pool.y);
  image_split_free (&train);
  image_split_free (&test);
  g_rand_free (rng);
  return 0;
}

/* Labels needed to come within 0.01 of full, or -1 when no round did. */
static int
labels_to_reach (const curves *c, const double *values, double full)
{
  for (int r = 0; r <= c->rounds; r++)
    if (values[r] >= full - 0.01)
      return c->labels[r];
  return -1;
}

static void
plot_panel (cairo_t *cr, const curves *c, double x0, double y0, double w, double h)
{
  double lo = 1, hi = c->full_auc;
  double px0 = x0 + 50, py0 = y0 + 30, pw = w - 70, ph = h - 70;
  int max_labels = c->labels[c->rounds];

  for (int s = 0; s < N_STRATEGIES; s++)
    for (int r = 0; r <= c->rounds; r++)
      {
        lo = MIN (lo, c->auc[s][r]);
        hi = MAX (hi, c->auc[s][r]);
      }
  lo = floor (lo * 20) / 20;
  hi = MIN (1.0, ceil (hi * 20) / 20);
  if (hi <= lo)
    hi = lo + 0.05;

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_font_size (cr, 13);
  cairo_move_to (cr, px0, y0 + 18);
  cairo_show_text (cr, c->name);
  cairo_set_font_size (cr, 10);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, px0, py0, pw, ph);
  cairo_stroke (cr);
  for (double v = lo; v <= hi + 1e-9; v += 0.05)
    {
      char text[16];
      double y = py0 + ph - (v - lo) / (hi - lo) * ph;

      snprintf (text, sizeof text, "%.2f", v);
      cairo_move_to (cr, x0 + 12, y + 4);
      cairo_show_text (cr, text);
    }
  for (int r = 0; r <= c->rounds; r += MAX (1, c->rounds / 4))
    {
      char text[16];

      snprintf (text, sizeof text, "%d", c->labels[r]);
      cairo_move_to (cr, px0 + (double) c->labels[r] / max_labels * pw - 8, py0 + ph + 14);
      cairo_show_text (cr, text);
    }
  cairo_move_to (cr, px0 + pw / 2 - 40, py0 + ph + 30);
  cairo_show_text (cr, "labels used (test AUC)");

  /* the full-data result and the band 0.01 below it */
  cairo_set_source_rgba (cr, 0.2, 0.6, 0.2, 0.15);
  cairo_rectangle (cr, px0, py0 + ph - (c->full_auc - lo) / (hi - lo) * ph, pw,
                   0.01 / (hi - lo) * ph);
  cairo_fill (cr);
  for (int s = 0; s < N_STRATEGIES; s++)
    {
      cairo_set_source_rgb (cr, strategy_colours[s][0], strategy_colours[s][1],
                            strategy_colours[s][2]);
      cairo_set_line_width (cr, 2);
      for (int r = 0; r <= c->rounds; r++)
        {
          double x = px0 + (double) c->labels[r] / max_labels * pw;
          double y = py0 + ph - (MAX (c->auc[s][r], lo) - lo) / (hi - lo) * ph;

          r == 0 ? cairo_move_to (cr, x, y) : cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);
      cairo_move_to (cr, px0 + pw - 90, py0 + ph - 50 + 14 * s);
      cairo_show_text (cr, strategy_names[s]);
    }
}

static void
plot (const char *path, const curves *sets, int n_sets)
{
  const double panel_w = 460, panel_h = 320;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                                         (int) (panel_w * n_sets),
                                                         (int) panel_h);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  for (int i = 0; i < n_sets; i++)
    plot_panel (cr, &sets[i], panel_w * i, 0, panel_w, panel_h);
  if (cairo_surface_write_to_png (surface, path) != CAIRO_STATUS_SUCCESS)
    fprintf (stderr, "%s: could not write the plot\n", path);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int argc, char **argv)
{
  knobs k = {
    knob ("SL_AL_POOL", 1500), knob ("SL_AL_START", 50), knob ("SL_AL_STEP", 100),
    knob ("SL_AL_ROUNDS", 7), knob ("SL_AL_STEPS", 30), knob ("SL_AL_FULL_EPOCHS", 15),
    (guint32) knob ("SL_AL_SEED", 1),
  };
  curves *sets;
  int n_sets = argc - 2;
  gint64 started = g_get_monotonic_time ();

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s OUT.png DIR [DIR…]\n", argv[0]);
      return 1;
    }
  sets = g_new0 (curves, n_sets);
  for (int i = 0; i < n_sets; i++)
    if (run_set (argv[i + 2], &k, &sets[i]) != 0)
      return 1;

  printf ("\nlabels needed to come within 0.01 of the full-pool result (of %d; - = not within "
          "%d labels)\n%-22s %-12s %12s %12s\n", k.pool, k.start + k.rounds * k.step, "set",
          "strategy", "AUC", "accuracy");
  for (int i = 0; i < n_sets; i++)
    for (int s = 0; s < N_STRATEGIES; s++)
      {
        int auc = labels_to_reach (&sets[i], sets[i].auc[s], sets[i].full_auc);
        int acc = labels_to_reach (&sets[i], sets[i].accuracy[s], sets[i].full_accuracy);
        char auc_text[16] = "-", acc_text[16] = "-";

        if (auc >= 0)
          snprintf (auc_text, sizeof auc_text, "%d", auc);
        if (acc >= 0)
          snprintf (acc_text, sizeof acc_text, "%d", acc);
        printf ("%-22s %-12s %12s %12s\n", sets[i].name, strategy_names[s], auc_text, acc_text);
      }
  plot (argv[1], sets, n_sets);
  printf ("plot: %s; %.0f s\n", argv[1], (g_get_monotonic_time () - started) / 1e6);
  for (int i = 0; i < n_sets; i++)
    g_free (sets[i].name);
  g_free (sets);
  return 0;
}
