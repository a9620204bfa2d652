/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Memory of a default-size training on a large catalog: N generated 128×128 gray images (two
 * classes, 90 % train, 10 % val) are written straight into a catalog, then one epoch of a small
 * net is trained through the train job at the chosen input size. Prints the time and peak RSS
 * of each phase, and the size of the training set held as bytes.
 * Usage: bench-train-memory [N (100000)] [THREADS (2)] */
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "sl-catalog.h"
#include "sl-image.h"
#include "sl-test-util.h"
#include "sl-train-job.h"

#define SIDE 128
#define ARCH "conv3:8/s4,bn,relu,maxpool2,conv3:16/s2,bn,relu,gap,fc:2"

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

/* Class 1 has a bright disc in the middle; both classes get noise from the image number. */
static SlImage *
generated_image (int index,
                 int label)
{
  guint8 *pixels = g_malloc (SIDE * SIDE);
  guint32 state = (guint32) index * 2654435761u + 1;

  for (int y = 0; y < SIDE; y++)
    for (int x = 0; x < SIDE; x++)
      {
        int dx = x - SIDE / 2, dy = y - SIDE / 2;
        int value = 60 + (label == 1 && dx * dx + dy * dy < 900 ? 80 : 0);

        state = state * 1664525u + 1013904223u;
        pixels[y * SIDE + x] = (guint8) (value + (state >> 26));
      }
  return sl_image_new_take (SIDE, SIDE, 1, SL_SAMPLE_U8, pixels, SIDE * SIDE);
}

static void
fill_catalog (const char *path,
              int         n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (path, &error);
  gint64 classes[2];

  g_assert_no_error (error);
  classes[0] = sl_catalog_ensure_class (catalog, "normal", &error);
  classes[1] = sl_catalog_ensure_class (catalog, "finding", &error);
  g_assert_no_error (error);
  for (int start = 0; start < n; start += 1000)
    {
      g_assert_true (sl_catalog_begin (catalog, &error));
      for (int i = start; i < MIN (n, start + 1000); i++)
        {
          int label = i % 2;
          g_autoptr(SlImage) image = generated_image (i, label);
          g_autofree char *sha = sl_image_sha256 (image);
          g_autofree char *name = g_strdup_printf ("generated-%06d", i);
          gint64 id = sl_catalog_add_image (catalog, image, sha, name, NULL, &error);

          g_assert_no_error (error);
          g_assert_true (sl_catalog_set_label (catalog, id, classes[label], "bench", &error));
          g_assert_true (sl_catalog_set_split (catalog, id, i % 10 == 9 ? SL_SPLIT_VAL
                                                                        : SL_SPLIT_TRAIN,
                                               1, &error));
        }
      g_assert_true (sl_catalog_commit (catalog, &error));
    }
}

int
main (int    argc,
      char **argv)
{
  int n = argc > 1 ? atoi (argv[1]) : 100000;
  int threads = argc > 2 ? atoi (argv[2]) : 2;
  g_autoptr(SlTestTmpDir) dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlTrainJob) job = NULL;
  SlTrainSettings settings;
  SlTrainOutcome outcome = { 0 };
  gint64 t0;
  double fill_rss;
  GStatBuf st;

  g_set_prgname ("bench-train-memory");
  dir = sl_test_tmp_dir_new ();
  path = g_build_filename (dir, "bench.sightline", NULL);
  t0 = g_get_monotonic_time ();
  fill_catalog (path, n);
  fill_rss = peak_rss_mb ();
  g_stat (path, &st);
  printf ("catalog: %d images of %dx%d written in %.1f s, %.0f MB; peak RSS %.0f MB\n", n, SIDE,
          SIDE, (g_get_monotonic_time () - t0) / 1e6, st.st_size / 1048576.0, fill_rss);

  sl_train_settings_init (&settings);
  settings.arch = g_strdup (ARCH);
  settings.epochs = 1;
  settings.threads = threads;
  t0 = g_get_monotonic_time ();
  job = sl_train_job_new (path, &settings);
  sl_train_settings_clear (&settings);
  if (!sl_job_run (SL_JOB (job), &error))
    {
      fprintf (stderr, "training failed: %s\n", error->message);
      return 1;
    }
  outcome = *sl_train_job_get_outcome (job);
  printf ("training: input %dx%d x %d, 1 epoch (%s) in %.1f s (%.1f s in the epoch, %.0f "
          "images/s), the set held as bytes %.0f MB; peak RSS %.0f MB\n",
          outcome.input_size, outcome.input_size, outcome.input_channels, ARCH,
          (g_get_monotonic_time () - t0) / 1e6, outcome.seconds, outcome.images_per_second,
          (double) n * outcome.input_size * outcome.input_size * outcome.input_channels
            / 1048576.0, peak_rss_mb ());
  return 0;
}
