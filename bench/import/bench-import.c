/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "sl-catalog.h"
#include "sl-data-dirs.h"
#include "sl-importer.h"
#include "sl-test-util.h"

/* Import throughput. `bench-import demo [DIR]` imports the demo set; `bench-import generated N`
 * writes N random 28×28 gray PNGs (two classes, train/val/test folders) to a temporary folder
 * and imports them. Each run is its own process, so the peak memory is that run's. Prints
 * images/s, the catalog size and the peak RSS; a re-run over the same files (all duplicates)
 * is timed too. */

static void
write_random_png (const char *path,
                  GRand      *rng)
{
  guint8 pixels[28 * 28];
  FILE *file = fopen (path, "wb");
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);

  if (file == NULL)
    g_error ("%s: %s", path, g_strerror (errno));
  for (gsize i = 0; i < sizeof pixels; i++)
    pixels[i] = (guint8) g_rand_int_range (rng, 0, 256);
  png_init_io (png, file);
  png_set_compression_level (png, 1);
  png_set_IHDR (png, info, 28, 28, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  for (int y = 0; y < 28; y++)
    png_write_row (png, pixels + y * 28);
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);
  fclose (file);
}

static void
generate (const char *root,
          guint       n)
{
  static const char *const splits[] = { "train", "val", "test" };
  static const char *const classes[] = { "normal", "pneumonia" };
  g_autoptr(GRand) rng = g_rand_new_with_seed (1);

  for (guint s = 0; s < 3; s++)
    for (guint c = 0; c < 2; c++)
      {
        g_autofree char *dir = g_build_filename (root, splits[s], classes[c], NULL);

        g_mkdir_with_parents (dir, 0755);
      }
  for (guint i = 0; i < n; i++)
    {
      guint s = i % 10 < 8 ? 0 : i % 10 == 8 ? 1 : 2;
      g_autofree char *name = g_strdup_printf ("img_%06u.png", i);
      g_autofree char *path = g_build_filename (root, splits[s], classes[(i / 10) % 2], name,
                                                NULL);

      write_random_png (path, rng);
    }
}

static double
import_once (const char    *catalog_path,
             const char    *folder,
             SlImportStats *stats)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (catalog_path, &error);
  g_autoptr(SlImporter) importer = NULL;
  gint64 start = g_get_monotonic_time ();

  if (catalog == NULL)
    g_error ("%s", error->message);
  importer = sl_importer_new (catalog);
  sl_importer_add_path (importer, folder);
  if (!sl_importer_run (importer, NULL, stats, &error))
    g_error ("%s", error->message);
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size : 0;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *tmp = g_dir_make_tmp ("sl-bench-import-XXXXXX", NULL);
  g_autofree char *catalog = g_build_filename (tmp, "bench.sightline", NULL);
  g_autofree char *wal = g_strconcat (catalog, "-wal", NULL);
  g_autofree char *folder = NULL;
  const char *mode = argc > 1 ? argv[1] : "demo";
  SlImportStats stats, again;
  struct rusage usage;
  double seconds, rerun_seconds, generate_seconds = 0;

  if (g_str_equal (mode, "generated"))
    {
      guint n = argc > 2 ? (guint) atoi (argv[2]) : 100000;
      gint64 start = g_get_monotonic_time ();

      folder = g_build_filename (tmp, "images", NULL);
      generate (folder, n);
      generate_seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
    }
  else
    folder = g_strdup (argc > 2 ? argv[2] : sl_data_dirs_demo ());

  seconds = import_once (catalog, folder, &stats);
  rerun_seconds = import_once (catalog, folder, &again);
  getrusage (RUSAGE_SELF, &usage);

  printf ("import %s: %u images in %.2f s = %.0f images/s (%u skipped, %u duplicates)\n",
          mode, stats.imported, seconds, stats.imported / seconds, stats.skipped,
          stats.duplicates);
  if (generate_seconds > 0)
    printf ("  (generating the files took %.2f s, not counted)\n", generate_seconds);
  printf ("  re-run, all duplicates: %.2f s = %.0f files/s\n", rerun_seconds,
          again.done / rerun_seconds);
  printf ("  catalog: %.1f MB (+ %.1f MB WAL), %.0f bytes per image\n",
          file_size (catalog) / 1e6, file_size (wal) / 1e6,
          (double) file_size (catalog) / MAX (stats.imported, 1));
  printf ("  peak memory (maxrss): %.1f MB, %u decoding threads\n", usage.ru_maxrss / 1024.0,
          g_get_num_processors ());

  if (g_str_equal (mode, "generated"))
    sl_test_remove_tree (folder);
  sl_test_remove_tree (tmp);
  return stats.skipped == 0 ? 0 : 1;
}
