/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "sl-catalog.h"
#include "sl-dataset.h"
#include "sl-importer.h"
#include "sl-test-util.h"

#define WIDTH 24
#define HEIGHT 16

/* A colour pattern that tells every pixel and channel apart: R from x, G from y, B per image
 * (gray: R = G = B from x, plus blue). */
static void
write_png (const char *path,
           int         blue,
           gboolean    gray)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, WIDTH, HEIGHT);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  g_autoptr(GError) error = NULL;

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        guint8 *p = pixels + y * stride + x * 3;

        p[0] = (guint8) (x * 10 + (gray ? blue : 0));
        p[1] = gray ? p[0] : (guint8) (y * 10);
        p[2] = gray ? p[0] : (guint8) blue;
      }
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  g_assert_no_error (error);
}

/* n images with blue values from first_blue up, so that no two folders hold duplicates. */
static void
make_folder (const char *dir,
             const char *split,
             const char *class_name,
             int         n,
             int         first_blue,
             gboolean    gray)
{
  g_autofree char *folder = g_build_filename (dir, split, class_name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%02d.png", i);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      write_png (path, first_blue + i, gray);
    }
}

static SlCatalog *
import_folder (const char *dir,
               const char *images)
{
  g_autofree char *catalog_path = g_build_filename (dir, "test.sightline", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImporter) importer = NULL;
  SlCatalog *catalog = sl_catalog_open (catalog_path, &error);
  SlImportStats stats;

  g_assert_no_error (error);
  importer = sl_importer_new (catalog);
  sl_importer_add_path (importer, images);
  g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
  g_assert_no_error (error);
  return catalog;
}

/* RGB images are imported in colour and reach the model input as three planes: the centre
 * WIDTH-HEIGHT columns are cropped (no resize: the input side is the shorter image side), and a
 * gray image in the same catalog repeats its gray in each plane. */
static void
test_rgb_import_keeps_channels (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlDataset) data = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "colour", "gray", NULL };
  int channels = 0, side = 0, x0 = (WIDTH - HEIGHT) / 2;
  gsize plane = HEIGHT * HEIGHT;

  make_folder (images, "train", "colour", 3, 100, FALSE);
  make_folder (images, "train", "gray", 1, 0, TRUE);
  catalog = import_folder (dir, images);

  sl_dataset_choose_input (catalog, &channels, &side);
  g_assert_cmpint (channels, ==, 3);
  g_assert_cmpint (side, ==, 16);

  data = sl_dataset_load (catalog, SL_SPLIT_TRAIN, names, TRUE, FALSE, channels, side, side,
                          NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (data->n, ==, 4);
  g_assert_cmpint (data->channels, ==, 3);
  for (int i = 0; i < data->n; i++)
    {
      const guint8 *x = data->x + i * 3 * plane;
      gboolean gray = data->y[i] == 1;

      for (int y = 0; y < HEIGHT; y++)
        for (int c = 0; c < HEIGHT; c++)
          {
            int red = (c + x0) * 10;

            g_assert_cmpint (x[y * HEIGHT + c], ==, red);
            g_assert_cmpint (x[plane + y * HEIGHT + c], ==, gray ? red : y * 10);
            if (gray)
              g_assert_cmpint (x[2 * plane + y * HEIGHT + c], ==, red);
            else
              g_assert_cmpint (x[2 * plane + y * HEIGHT + c], >=, 100);
          }
    }

  /* The same catalog read as gray: one plane, the mean of the channels. */
  g_clear_pointer (&data, sl_dataset_free);
  data = sl_dataset_load (catalog, SL_SPLIT_TRAIN, names, TRUE, FALSE, 1, 8, 8, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (data->channels, ==, 1);
  g_assert_cmpint (data->n, ==, 4);
}

/* A gray-only catalog gives 1 channel, and the side is the median shorter side, capped. */
static void
test_choose_input_gray (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autoptr(SlCatalog) catalog = NULL;
  int channels = 0, side = 0;

  make_folder (images, "train", "a", 2, 0, TRUE);
  catalog = import_folder (dir, images);
  sl_dataset_choose_input (catalog, &channels, &side);
  g_assert_cmpint (channels, ==, 1);
  g_assert_cmpint (side, ==, HEIGHT);
}

static int
count_chosen (const gboolean *chosen,
              const int      *labels,
              int             n,
              int             label)
{
  int count = 0;

  for (int i = 0; i < n; i++)
    count += chosen[i] && labels[i] == label;
  return count;
}

/* The held-out part keeps each class's share, is the same for the same seed, differs for
 * another, and one class's pick does not depend on the others. */
static void
test_hold_out_stratified_and_seeded (void)
{
  enum { N = 142 };
  int labels[N + 20];
  gboolean first[N + 20], again[N + 20], other[N + 20], more[N + 20];

  for (int i = 0; i < N; i++)
    labels[i] = i < 100 ? 0 : i < 130 ? 1 : i < 137 ? 2 : -1;
  /* interleave the classes so order alone cannot explain the counts */
  for (int i = 0; i < N; i += 7)
    {
      int tmp = labels[i];

      labels[i] = labels[N - 1 - i];
      labels[N - 1 - i] = tmp;
    }

  sl_dataset_choose_part (labels, N, 0.1, 5, first);
  g_assert_cmpint (count_chosen (first, labels, N, 0), ==, 10);
  g_assert_cmpint (count_chosen (first, labels, N, 1), ==, 3);
  g_assert_cmpint (count_chosen (first, labels, N, 2), ==, 1);   /* round (0.7) */
  g_assert_cmpint (count_chosen (first, labels, N, -1), ==, 1);  /* at least one of five */

  sl_dataset_choose_part (labels, N, 0.1, 5, again);
  g_assert_cmpmem (first, sizeof (gboolean) * N, again, sizeof (gboolean) * N);

  sl_dataset_choose_part (labels, N, 0.1, 6, other);
  g_assert_cmpint (count_chosen (other, labels, N, 0), ==, 10);
  g_assert_true (memcmp (first, other, sizeof (gboolean) * N) != 0);

  for (int i = N; i < N + 20; i++)
    labels[i] = 3;
  sl_dataset_choose_part (labels, N + 20, 0.1, 5, more);
  g_assert_cmpmem (first, sizeof (gboolean) * N, more, sizeof (gboolean) * N);
  g_assert_cmpint (count_chosen (more, labels, N + 20, 3), ==, 2);
}

static guint
split_size (SlCatalog *catalog,
            SlSplit    split)
{
  g_autoptr(GArray) ids = NULL;
  SlImageFilter filter;

  sl_image_filter_init (&filter);
  filter.split = split;
  ids = sl_catalog_query_images (catalog, &filter, NULL);
  return ids->len;
}

/* A train/test folder: --val fills val from train, per class, and leaves test alone. */
static void
test_fill_split_from_train (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDataset) val = NULL;
  const char *names[] = { "a", "b", NULL };
  int n_a = 0;

  make_folder (images, "train", "a", 10, 100, FALSE);
  make_folder (images, "train", "b", 20, 120, FALSE);
  make_folder (images, "test", "a", 3, 150, FALSE);
  catalog = import_folder (dir, images);
  g_assert_cmpuint (split_size (catalog, SL_SPLIT_TEST), ==, 3);
  g_assert_cmpuint (split_size (catalog, SL_SPLIT_VAL), ==, 0);

  g_assert_cmpint (sl_dataset_fill_split (catalog, SL_SPLIT_VAL, 0.2, 1, &error), ==, 6);
  g_assert_no_error (error);
  g_assert_cmpuint (split_size (catalog, SL_SPLIT_VAL), ==, 6);
  g_assert_cmpuint (split_size (catalog, SL_SPLIT_TRAIN), ==, 24);
  g_assert_cmpuint (split_size (catalog, SL_SPLIT_TEST), ==, 3);

  val = sl_dataset_load (catalog, SL_SPLIT_VAL, names, TRUE, FALSE, 1, 8, 8, NULL, &error);
  g_assert_no_error (error);
  for (int i = 0; i < val->n; i++)
    n_a += val->y[i] == 0;
  g_assert_cmpint (n_a, ==, 2);

  /* val is no longer empty: nothing moves */
  g_assert_cmpint (sl_dataset_fill_split (catalog, SL_SPLIT_VAL, 0.2, 1, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (split_size (catalog, SL_SPLIT_VAL), ==, 6);
}

/* A cached load writes the split's inputs beside the catalog and the next load reads them from
 * there (a byte changed in the file shows up); another image in the split makes it stale. */
static void
test_cache_beside_catalog (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autofree char *cache = g_build_filename (dir, "test.sightline.train-3x16x16.inputs", NULL);
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlDataset) first = NULL;
  g_autoptr(SlDataset) second = NULL;
  g_autoptr(SlDataset) third = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImporter) importer = NULL;
  g_autofree char *bytes = NULL;
  const char *names[] = { "colour", NULL };
  gsize sample = 3 * 16 * 16, len;
  SlImportStats stats;

  make_folder (images, "train", "colour", 3, 100, FALSE);
  catalog = import_folder (dir, images);
  first = sl_dataset_load (catalog, SL_SPLIT_TRAIN, names, TRUE, TRUE, 3, 16, 16, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->n, ==, 3);
  g_assert_true (g_file_get_contents (cache, &bytes, &len, &error));
  g_assert_cmpuint (len, >, 3 * sample);

  /* the last input's last byte, changed in the file, comes back: nothing was decoded */
  bytes[len - 1] = (char) (first->x[3 * sample - 1] ^ 0x55);
  g_assert_true (g_file_set_contents (cache, bytes, (gssize) len, &error));
  second = sl_dataset_load (catalog, SL_SPLIT_TRAIN, names, TRUE, TRUE, 3, 16, 16, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (first->x, 3 * sample - 1, second->x, 3 * sample - 1);
  g_assert_cmpint (second->x[3 * sample - 1], ==, first->x[3 * sample - 1] ^ 0x55);

  /* a new image in the split: the file is stale, every input is decoded again */
  make_folder (images, "train", "colour", 4, 100, FALSE);
  importer = sl_importer_new (catalog);
  sl_importer_add_path (importer, images);
  g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
  third = sl_dataset_load (catalog, SL_SPLIT_TRAIN, names, TRUE, TRUE, 3, 16, 16, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (third->n, ==, 4);
  g_assert_cmpmem (first->x, 3 * sample, third->x, 3 * sample);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/analysis/rgb-import-keeps-channels",
                   test_rgb_import_keeps_channels);
  g_test_add_func ("/sightline/analysis/choose-input-gray", test_choose_input_gray);
  g_test_add_func ("/sightline/analysis/hold-out-stratified-and-seeded",
                   test_hold_out_stratified_and_seeded);
  g_test_add_func ("/sightline/analysis/fill-split-from-train", test_fill_split_from_train);
  g_test_add_func ("/sightline/analysis/cache-beside-catalog", test_cache_beside_catalog);
  return g_test_run ();
}
