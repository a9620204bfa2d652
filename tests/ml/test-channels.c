/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Colour (C > 1) inputs end to end in the engine: every layer kind's gradients behind an RGB
 * input, per-channel normalisation (from the train split, applied in predict, kept in the
 * checkpoint, version 1 files read as one mean/sd for every channel), a net that learns from
 * colour alone, and sets held as bytes. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "grad-check.h"
#include "sl-checkpoint.h"
#include "sl-defaults.h"
#include "sl-net-private.h"

static void
test_layer_gradients (void)
{
  check_net ("conv3:4,fc:3", 3, 6, 5);
  check_net ("conv3:4/s2,bn,relu,fc:3", 3, 7, 7);
  check_net ("conv1:4,maxpool2,gap,fc:3", 3, 6, 6);
  check_net ("conv3:6,bn,relu,fc:3", 3, 4, 5);
  check_net ("maxpool2,fc:3", 3, 6, 4);
  check_net ("gap,fc:3", 3, 5, 5);
  check_net ("dropout:0.3,fc:3", 3, 4, 5);
  check_net ("fc:3", 3, 4, 4);
  check_net ("res:3,gap,fc:3", 3, 6, 6);
  check_net ("res:4/s2,gap,fc:3", 3, 7, 6);
}

/* (n, 3, side, side) images: class 0 reddish, class 1 greenish, class 2 bluish, all with the
 * same mean brightness; noise on top. Gray, the classes cannot be told apart. */
static void
make_hue_set (sl_dataset *d, int n, int side, uint64_t seed)
{
  const size_t hw = (size_t) side * side;
  float *x = g_new (float, (size_t) n * 3 * hw);
  int *y = g_new (int, n);
  sl_rng rng;

  sl_rng_seed (&rng, seed);
  for (int i = 0; i < n; i++)
    {
      y[i] = i % 3;
      for (int c = 0; c < 3; c++)
        for (size_t p = 0; p < hw; p++)
          x[((size_t) i * 3 + c) * hw + p] = (c == y[i] ? 0.6f : 0.3f)
                                             + 0.25f * (sl_rng_uniform (&rng) - 0.5f);
    }
  *d = (sl_dataset) { x, y, n, 3, side, side };
}

static void
free_set (sl_dataset *d)
{
  g_free ((float *) d->x);
  g_free ((int *) d->y);
}

static void
test_normalisation_in_predict (void)
{
  char err[256];
  sl_net *net = sl_net_create ("gap,fc:2", 3, 2, 2, 4, 1, err, sizeof err);
  const float mean[3] = { 0.1f, 0.5f, 0.9f }, sd[3] = { 0.5f, 0.25f, 2.0f };
  float got_mean[3], got_sd[3], x[2 * 3 * 4];

  g_assert_nonnull (net);
  sl_net_set_normalisation (net, mean, sd);
  sl_net_get_normalisation (net, got_mean, got_sd);
  g_assert_cmpmem (got_mean, sizeof got_mean, mean, sizeof mean);
  g_assert_cmpmem (got_sd, sizeof got_sd, sd, sizeof sd);
  for (int i = 0; i < (int) G_N_ELEMENTS (x); i++)
    x[i] = (float) i / 24;
  /* image i, channel c, pixel p of the (n, c, h, w) input lands at (c, i, p), normalised with
   * channel c's mean and sd */
  sl_net_load_input (net, x, 2);
  for (int i = 0; i < 2; i++)
    for (int c = 0; c < 3; c++)
      for (int p = 0; p < 4; p++)
        g_assert_cmpfloat_with_epsilon (net->input[(c * 2 + i) * 4 + p],
                                        (x[(i * 3 + c) * 4 + p] - mean[c]) / sd[c], 1e-6);
  sl_net_free (net);
}

/* CRC-32 (IEEE), as the model file's trailer uses */
static guint32
crc32_of (const unsigned char *p, size_t len)
{
  guint32 c = 0xffffffffu;

  for (size_t i = 0; i < len; i++)
    {
      c ^= p[i];
      for (int k = 0; k < 8; k++)
        c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
  return ~c;
}

static void
put_le (unsigned char *p, guint64 v, int bytes)
{
  for (int i = 0; i < bytes; i++)
    p[i] = (unsigned char) (v >> (8 * i));
}

static void
test_train_and_checkpoint (void)
{
  sl_dataset tr, va;
  sl_train_config cfg;
  sl_train_result res;
  char err[256];
  float mean[3], sd[3], p1[30 * 3], p2[30 * 3];
  unsigned char *buf, *v1;
  size_t len, v1_len;
  sl_net *net, *back;

  make_hue_set (&tr, 300, 8, 1);
  make_hue_set (&va, 60, 8, 2);
  net = sl_net_create ("conv3:8,bn,relu,maxpool2,conv3:8,bn,relu,gap,fc:3", 3, 8, 8, 64, 1, err,
                       sizeof err);
  g_assert_nonnull (net);
  sl_train_defaults_for (&cfg, 3, 8, 8, tr.n, 3);
  cfg.epochs = 4;
  cfg.threads = 2;
  g_assert_cmpint (sl_train (net, &tr, &va, &cfg, NULL, NULL, &res, err, sizeof err), ==, 0);
  g_test_message ("hue-only classes: val accuracy %.3f after %d epochs", res.best_val_accuracy,
                  res.epochs_run);
  g_assert_cmpfloat (res.best_val_accuracy, >=, 0.95f);

  /* the train split's per-channel statistics: each channel is 0.6 for a third of the images and
   * 0.3 for the rest, plus uniform noise: mean 0.4, sd sqrt (0.02 + 0.25^2 / 12) */
  sl_net_get_normalisation (net, mean, sd);
  for (int c = 0; c < 3; c++)
    {
      g_assert_cmpfloat_with_epsilon (mean[c], 0.4, 0.005);
      g_assert_cmpfloat_with_epsilon (sd[c], sqrt (0.02 + 0.0625 / 12), 0.005);
    }

  /* the checkpoint keeps them per channel */
  g_assert_cmpint (sl_checkpoint_save_buffer (net, &buf, &len), ==, 0);
  back = sl_checkpoint_load_buffer (buf, len, 16, err, sizeof err);
  g_assert_nonnull (back);
  g_assert_cmpmem (back->norm_mean, 3 * sizeof (float), mean, sizeof mean);
  g_assert_cmpmem (back->norm_std, 3 * sizeof (float), sd, sizeof sd);
  sl_net_predict (net, va.x, 30, p1);
  sl_net_predict (back, va.x, 30, p2);
  for (int i = 0; i < 30 * 3; i++)
    g_assert_cmpfloat_with_epsilon (p1[i], p2[i], 1e-5);
  sl_net_free (back);

  /* the same model as a version 1 file: one mean and sd (channel 0's) at offset 36 */
  v1_len = len - 4 * 4;
  v1 = g_malloc (v1_len);
  memcpy (v1, buf, 40);
  memcpy (v1 + 40, buf + 48, 4);
  memcpy (v1 + 44, buf + 60, len - 60);
  put_le (v1 + 8, 1, 4);
  put_le (v1 + 12, v1_len, 8);
  put_le (v1 + v1_len - 4, crc32_of (v1, v1_len - 4), 4);
  back = sl_checkpoint_load_buffer (v1, v1_len, 16, err, sizeof err);
  g_assert_nonnull (back);
  for (int c = 0; c < 3; c++)
    {
      g_assert_cmpfloat (back->norm_mean[c], ==, mean[0]);
      g_assert_cmpfloat (back->norm_std[c], ==, sd[0]);
    }
  g_assert_cmpmem (back->params, back->n_params * sizeof (float), net->params,
                   net->n_params * sizeof (float));
  sl_net_free (back);
  g_free (v1);
  free (buf);
  sl_net_free (net);
  free_set (&tr);
  free_set (&va);
}

/* A set held as bytes trains exactly as the same set held as floats (value / 255). */
static void
test_bytes (void)
{
  sl_dataset tr, va, tr8, va8;
  sl_train_config cfg;
  sl_train_result res_f, res_8;
  char err[256];
  uint8_t *x8[2];
  sl_dataset *sets[2] = { &tr, &va };
  sl_net *nf, *n8;

  make_hue_set (&tr, 120, 8, 3);
  make_hue_set (&va, 30, 8, 4);
  for (int s = 0; s < 2; s++)
    {
      size_t len = (size_t) sets[s]->n * 3 * 64;
      float *x = (float *) sets[s]->x;

      x8[s] = g_new (uint8_t, len);
      for (size_t i = 0; i < len; i++)
        {
          x8[s][i] = (uint8_t) lrintf (fminf (fmaxf (x[i], 0), 1) * 255);
          x[i] = x8[s][i] * (1.0f / 255);
        }
    }
  tr8 = (sl_dataset) { NULL, tr.y, tr.n, 3, 8, 8, x8[0] };
  va8 = (sl_dataset) { NULL, va.y, va.n, 3, 8, 8, x8[1] };
  sl_train_defaults_for (&cfg, 3, 8, 8, tr.n, 3);
  cfg.epochs = 2;
  cfg.threads = 2;
  nf = sl_net_create ("conv3:4,bn,relu,gap,fc:3", 3, 8, 8, 64, 7, err, sizeof err);
  n8 = sl_net_create ("conv3:4,bn,relu,gap,fc:3", 3, 8, 8, 64, 7, err, sizeof err);
  g_assert_cmpint (sl_train (nf, &tr, &va, &cfg, NULL, NULL, &res_f, err, sizeof err), ==, 0);
  g_assert_cmpint (sl_train (n8, &tr8, &va8, &cfg, NULL, NULL, &res_8, err, sizeof err), ==, 0);
  g_assert_cmpfloat (res_f.best_val_auc, ==, res_8.best_val_auc);
  g_assert_cmpmem (nf->params, nf->n_params * sizeof (float), n8->params,
                   n8->n_params * sizeof (float));
  g_assert_cmpmem (nf->norm_mean, 3 * sizeof (float), n8->norm_mean, 3 * sizeof (float));

  /* floats and bytes together, or neither: refused */
  tr8.x = tr.x;
  g_assert_cmpint (sl_train (n8, &tr8, &va8, &cfg, NULL, NULL, &res_8, err, sizeof err), ==, -1);
  g_assert_nonnull (strstr (err, "one of the two"));
  sl_net_free (nf);
  sl_net_free (n8);
  g_free (x8[0]);
  g_free (x8[1]);
  free_set (&tr);
  free_set (&va);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/ml/channels/layer-gradients", test_layer_gradients);
  g_test_add_func ("/sightline/ml/channels/normalisation-in-predict",
                   test_normalisation_in_predict);
  g_test_add_func ("/sightline/ml/channels/train-and-checkpoint", test_train_and_checkpoint);
  g_test_add_func ("/sightline/ml/channels/bytes", test_bytes);
  return g_test_run ();
}
