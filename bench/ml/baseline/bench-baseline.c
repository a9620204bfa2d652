/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The classical baseline on the demo set: HOG features, multinomial logistic regression with
 * the L2 penalty chosen on the validation split, figures on the test split. Also times the
 * augmentation and HOG per image. Usage: bench-baseline [DATASET_DIR] (default: the demo). */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sl-augment.h"
#include "sl-data-dirs.h"
#include "sl-hog.h"
#include "sl-linear.h"
#include "sl-metrics.h"

#define SIDE 28

enum { TRAIN, VAL, TEST, N_SPLITS };
static const char *const split_names[N_SPLITS] = { "train", "val", "test" };

typedef struct
{
  GArray *pixels;           /* float, SIDE * SIDE per image, 0..1 */
  GArray *labels;           /* int */
} split;

static gboolean
load_image (const char *path, float *out, GError **error)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (path, error);
  g_autofree float *gray = NULL;
  const guchar *data;
  int w, h, stride, channels;

  if (!pixbuf)
    return FALSE;
  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  channels = gdk_pixbuf_get_n_channels (pixbuf);
  data = gdk_pixbuf_read_pixels (pixbuf);
  gray = g_new (float, (gsize) w * h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guchar *p = data + (gsize) y * stride + (gsize) x * channels;

        gray[y * w + x] = (channels >= 3 ? (0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2])
                                         : p[0]) / 255.0f;
      }
  sl_resize_bilinear (gray, 1, h, w, out, SIDE, SIDE);
  return TRUE;
}

static gboolean
load_dataset (const char *dir, split *splits, char ***class_names, int *n_classes,
              GError **error)
{
  g_autofree char *csv_path = g_build_filename (dir, "labels.csv", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  float img[SIDE * SIDE];

  if (!g_file_get_contents (csv_path, &text, NULL, error))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (int s = 0; s < N_SPLITS; s++)
    {
      splits[s].pixels = g_array_new (FALSE, FALSE, sizeof (float));
      splits[s].labels = g_array_new (FALSE, FALSE, sizeof (int));
    }
  for (int i = 1; lines[i]; i++)
    {
      g_auto (GStrv) f = g_strsplit (g_strstrip (lines[i]), ",", 3);
      g_autofree char *path = NULL;
      int s, label = -1;

      if (g_strv_length (f) != 3)
        continue;
      for (s = 0; s < N_SPLITS && strcmp (f[1], split_names[s]) != 0; s++)
        ;
      if (s == N_SPLITS)
        continue;
      for (guint k = 0; k < names->len; k++)
        if (strcmp (names->pdata[k], f[2]) == 0)
          label = (int) k;
      if (label < 0)
        {
          label = (int) names->len;
          g_ptr_array_add (names, g_strdup (f[2]));
        }
      path = g_build_filename (dir, f[0], NULL);
      if (!load_image (path, img, error))
        return FALSE;
      g_array_append_vals (splits[s].pixels, img, SIDE * SIDE);
      g_array_append_val (splits[s].labels, label);
    }
  *n_classes = (int) names->len;
  g_ptr_array_add (names, NULL);
  *class_names = (char **) g_ptr_array_steal (names, NULL);
  return TRUE;
}

static float *
hog_features (const split *s, const sl_hog_config *cfg, int *d)
{
  int n = (int) s->labels->len;
  float *X;

  *d = sl_hog_feature_size (SIDE, SIDE, cfg);
  X = g_new (float, (gsize) n * *d);
  for (int i = 0; i < n; i++)
    sl_hog_compute (&g_array_index (s->pixels, float, (gsize) i * SIDE * SIDE), SIDE, SIDE, cfg,
                    X + (gsize) i * *d);
  return X;
}

static void
evaluate (const sl_linear *m, const float *X, const split *s, int k, sl_metrics *out)
{
  int n = (int) s->labels->len;
  g_autofree float *probs = g_new (float, (gsize) n * k);

  sl_linear_predict (m, X, n, probs);
  sl_metrics_compute (out, (const int *) s->labels->data, probs, n, k);
}

static void
time_augment (const split *train)
{
  sl_augment_config cfg = { 1, 10, 0.1f, 0.1f, 0.1f, 0.1f };
  int n = (int) train->labels->len;
  float out[SIDE * SIDE];
  double checksum = 0, seconds;
  g_autoptr (GTimer) timer = g_timer_new ();
  sl_rng rng;

  sl_rng_seed (&rng, 1);
  for (int i = 0; i < n; i++)
    {
      sl_augment_image (&cfg, &rng, &g_array_index (train->pixels, float, (gsize) i * SIDE * SIDE),
                        out, 1, SIDE, SIDE);
      checksum += out[SIDE * SIDE / 2];
    }
  seconds = g_timer_elapsed (timer, NULL);
  printf ("augment (all operations on), 28x28: %.0f images/s (checksum %.3f)\n",
          n / seconds, checksum / n);
}

static void
print_report (const sl_metrics *m, char **class_names)
{
  printf ("test: accuracy %.4f  auc %.4f  macro_f1 %.4f\n", m->accuracy, m->auc, m->macro_f1);
  for (int c = 0; c < m->n_classes; c++)
    printf ("  %-10s precision %.4f recall %.4f specificity %.4f f1 %.4f\n", class_names[c],
            m->precision[c], m->recall[c], m->specificity[c], m->f1[c]);
  printf ("  confusion [true][predicted]:");
  for (int i = 0; i < m->n_classes * m->n_classes; i++)
    printf (" %d", m->confusion[i]);
  printf ("\n");
}

int
main (int argc, char **argv)
{
  static const sl_hog_config hog_configs[] = { { 4, 2, 9 }, { 7, 2, 9 }, { 4, 3, 9 } };
  const char *dir = argc > 1 ? argv[1] : sl_data_dirs_demo ();
  split splits[N_SPLITS];
  g_auto (GStrv) class_names = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimer) timer = g_timer_new ();
  sl_metrics best_test = { 0 };
  double best_val_auc = -1;
  int k, best = -1;

  if (!load_dataset (dir, splits, &class_names, &k, &error))
    {
      fprintf (stderr, "bench-baseline: %s\n", error->message);
      return 1;
    }
  printf ("dataset %s: %u train, %u val, %u test, %d classes, loaded in %.2f s\n", dir,
          splits[TRAIN].labels->len, splits[VAL].labels->len, splits[TEST].labels->len, k,
          g_timer_elapsed (timer, NULL));
  time_augment (&splits[TRAIN]);

  /* per HOG layout: the penalty chosen on validation AUC, then the test figures; the layout
   * reported at the end is the one with the best validation AUC */
  for (guint h = 0; h < G_N_ELEMENTS (hog_configs); h++)
    {
      g_autofree float *Xtr = NULL, *Xval = NULL, *Xte = NULL;
      double hog_seconds, train_seconds;
      sl_linear_config cfg;
      sl_metrics val, test;
      sl_linear *m;
      float l2 = 0;
      int d;

      g_timer_start (timer);
      Xtr = hog_features (&splits[TRAIN], &hog_configs[h], &d);
      hog_seconds = g_timer_elapsed (timer, NULL);
      Xval = hog_features (&splits[VAL], &hog_configs[h], &d);
      Xte = hog_features (&splits[TEST], &hog_configs[h], &d);
      sl_linear_config_default (&cfg);
      g_timer_start (timer);
      m = sl_linear_train_select (Xtr, (const int *) splits[TRAIN].labels->data,
                                  (int) splits[TRAIN].labels->len, Xval,
                                  (const int *) splits[VAL].labels->data,
                                  (int) splits[VAL].labels->len, d, k, &cfg, &l2);
      train_seconds = g_timer_elapsed (timer, NULL);
      evaluate (m, Xval, &splits[VAL], k, &val);
      evaluate (m, Xte, &splits[TEST], k, &test);
      printf ("HOG cell %d block %d bins %d: %4d features, HOG %.0f images/s; "
              "7 penalties in %.2f s, l2 %g: val acc %.4f auc %.4f | test acc %.4f auc %.4f\n",
              hog_configs[h].cell_size, hog_configs[h].block_size, hog_configs[h].bins, d,
              splits[TRAIN].labels->len / hog_seconds, train_seconds, l2,
              val.accuracy, val.auc, test.accuracy, test.auc);
      if (val.auc > best_val_auc)
        {
          best_val_auc = val.auc;
          best = (int) h;
          sl_metrics_free (&best_test);
          best_test = test;
        }
      else
        sl_metrics_free (&test);
      sl_metrics_free (&val);
      sl_linear_free (m);
    }

  printf ("chosen on validation: HOG cell %d block %d bins %d (val auc %.4f)\n",
          hog_configs[best].cell_size, hog_configs[best].block_size, hog_configs[best].bins,
          best_val_auc);
  print_report (&best_test, class_names);
  sl_metrics_free (&best_test);

  for (int s = 0; s < N_SPLITS; s++)
    {
      g_array_unref (splits[s].pixels);
      g_array_unref (splits[s].labels);
    }
  return 0;
}
