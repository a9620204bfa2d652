/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "sl-catalog.h"
#include "sl-csv.h"
#include "sl-image.h"
#include "sl-importer.h"
#include "sl-results-export.h"
#include "sl-test-util.h"

#define FORMULA_CLASS "=HYPERLINK(\"x\",\"y\")"

typedef struct
{
  SlTestTmpDir *dir;
  char *images;
  char *catalog_path;
} Fixture;

static void
import_into (const char *catalog_path,
             const char *folder,
             const char *labels_csv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (catalog_path, &error);
  g_autoptr(SlImporter) importer = NULL;
  SlImportStats stats;

  g_assert_no_error (error);
  importer = sl_importer_new (catalog);
  sl_importer_add_path (importer, folder);
  if (labels_csv != NULL)
    g_assert_true (sl_importer_set_labels_csv (importer, labels_csv, &error));
  g_assert_no_error (error);
  g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.skipped, ==, 0);
}

/* sha256 -> "label/split" of every image (labelled_only: of labelled images). */
static GHashTable *
labels_by_pixels (const char *catalog_path,
                  gboolean    labelled_only)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (catalog_path, &error);
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(GArray) ids = NULL;
  GHashTable *labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  SlImageFilter filter;

  g_assert_no_error (error);
  classes = sl_catalog_list_classes (catalog);
  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (catalog, &filter, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(SlImageInfo) info = sl_catalog_get_image_info (catalog,
                                                               g_array_index (ids, gint64, i),
                                                               &error);
      const char *label = "";

      g_assert_no_error (error);
      for (guint c = 0; c < classes->len; c++)
        if (((SlClassInfo *) g_ptr_array_index (classes, c))->id == info->class_id)
          label = ((SlClassInfo *) g_ptr_array_index (classes, c))->name;
      if (labelled_only && *label == '\0')
        continue;
      g_hash_table_insert (labels, g_strdup (info->sha256),
                           g_strdup_printf ("%s/%s", label,
                                            info->split != SL_SPLIT_NONE
                                              ? sl_split_to_string (info->split) : ""));
    }
  return labels;
}

static void
assert_same_labels (GHashTable *expected,
                    GHashTable *actual)
{
  GHashTableIter iter;
  gpointer sha256, value;

  g_assert_cmpuint (g_hash_table_size (actual), ==, g_hash_table_size (expected));
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &sha256, &value))
    g_assert_cmpstr (g_hash_table_lookup (actual, sha256), ==, value);
}

/* 24 demo images; then labels the exports must carry: a class named like a formula, another
 * starting with '-', one image unlabeled, one moved to another split. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  gint64 formula, minus;

  f->dir = sl_test_tmp_dir_new ();
  f->images = g_build_filename (f->dir, "images", NULL);
  f->catalog_path = g_build_filename (f->dir, "a.sightline", NULL);
  sl_test_copy_demo_subset (f->images, 6, 3, 3);
  import_into (f->catalog_path, f->images, NULL);

  catalog = sl_catalog_open (f->catalog_path, &error);
  g_assert_no_error (error);
  formula = sl_catalog_ensure_class (catalog, FORMULA_CLASS, &error);
  g_assert_no_error (error);
  minus = sl_catalog_ensure_class (catalog, "-minus", &error);
  g_assert_no_error (error);
  g_assert_true (sl_catalog_set_label (catalog, 1, formula, "test", &error));
  g_assert_true (sl_catalog_set_label (catalog, 2, minus, "test", &error));
  g_assert_true (sl_catalog_set_label (catalog, 3, 0, "test", &error));
  g_assert_true (sl_catalog_set_split (catalog, 4, SL_SPLIT_VAL, -1, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->catalog_path);
  g_free (f->images);
  sl_test_tmp_dir_free (f->dir);
}

static char *
export_csv (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (f->catalog_path, &error);
  char *csv = g_build_filename (f->dir, "labels.csv", NULL);

  g_assert_no_error (error);
  g_assert_true (sl_export_labels_csv (catalog, csv, &error));
  g_assert_no_error (error);
  return csv;
}

static void
test_csv_round_trip (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *csv = export_csv (f);
  g_autofree char *fresh = g_build_filename (f->dir, "b.sightline", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) expected = labels_by_pixels (f->catalog_path, FALSE);
  g_autoptr(GHashTable) actual = NULL;

  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "image_id,path,sha256,label,split\n1,"));
  /* the spreadsheet sees text, not formulas */
  g_assert_nonnull (strstr (text, ",\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\","));
  g_assert_nonnull (strstr (text, ",\"'-minus\","));

  import_into (fresh, f->images, csv);
  actual = labels_by_pixels (fresh, FALSE);
  assert_same_labels (expected, actual);
}

/* Files renamed and moved: the rows still find their images by the sha256 of the pixels. */
static void
test_csv_round_trip_by_pixels (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *csv = export_csv (f);
  g_autofree char *flat = g_build_filename (f->dir, "renamed", NULL);
  g_autofree char *fresh = g_build_filename (f->dir, "c.sightline", NULL);
  g_autoptr(GHashTable) expected = labels_by_pixels (f->catalog_path, FALSE);
  g_autoptr(GHashTable) actual = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (f->catalog_path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (flat, 0755), ==, 0);
  for (gint64 id = 1; id <= sl_catalog_count_images (catalog); id++)
    {
      g_autoptr(SlImageInfo) info = sl_catalog_get_image_info (catalog, id, &error);
      g_autofree char *from = g_build_filename (f->images, info->source_name, NULL);
      g_autofree char *name = g_strdup_printf ("%03" G_GINT64_FORMAT ".png", 999 - id);
      g_autofree char *to = g_build_filename (flat, name, NULL);
      g_autofree char *bytes = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (from, &bytes, &len, NULL));
      g_assert_true (g_file_set_contents (to, bytes, (gssize) len, NULL));
    }
  import_into (fresh, flat, csv);
  actual = labels_by_pixels (fresh, FALSE);
  assert_same_labels (expected, actual);
}

/* The PNG folders import back with the labels and splits of every labelled image. */
static void
test_png_round_trip (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (f->catalog_path, &error);
  g_autofree char *out = g_build_filename (f->dir, "png", NULL);
  g_autofree char *fresh = g_build_filename (f->dir, "d.sightline", NULL);
  g_autoptr(GHashTable) expected = labels_by_pixels (f->catalog_path, TRUE);
  g_autoptr(GHashTable) actual = NULL;
  guint written = 0;

  g_assert_no_error (error);
  g_assert_true (sl_export_labels_png (catalog, out, SL_SPLIT_NONE, TRUE, &written, NULL,
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, 23);
  import_into (fresh, out, NULL);
  actual = labels_by_pixels (fresh, TRUE);
  assert_same_labels (expected, actual);
}

/* A name that is not UTF-8 is written escaped, the CSV stays UTF-8, and the row finds its file
 * again by its path alone. */
static void
test_non_utf8_name (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autofree char *folder = g_build_filename (images, "test", "normal", NULL);
  g_autofree char *raw = g_build_filename (folder, "caf\xe9 \\ 1.png", NULL);
  g_autofree char *first = NULL;
  g_autofree char *catalog_path = g_build_filename (dir, "a.sightline", NULL);
  g_autofree char *fresh = g_build_filename (dir, "b.sightline", NULL);
  g_autofree char *csv = g_build_filename (dir, "labels.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) without_pixels = NULL;
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GHashTable) actual = NULL;
  g_autoptr(GError) error = NULL;

  sl_test_copy_demo_subset (images, 0, 0, 2);
  first = g_build_filename (folder, "test_normal_0000.png", NULL);
  g_assert_cmpint (g_rename (first, raw), ==, 0);
  import_into (catalog_path, images, NULL);
  {
    g_autoptr(SlCatalog) catalog = sl_catalog_open (catalog_path, &error);
    gint64 minus = sl_catalog_ensure_class (catalog, "-minus", &error);

    g_assert_no_error (error);
    /* every image gets a label its folder does not give */
    for (gint64 id = 1; id <= sl_catalog_count_images (catalog); id++)
      g_assert_true (sl_catalog_set_label (catalog, id, minus, "test", &error));
    g_assert_true (sl_export_labels_csv (catalog, csv, &error));
    g_assert_no_error (error);
  }
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_nonnull (strstr (text, ",test/normal/caf\\xe9 \\\\ 1.png,"));

  /* the sha256 column emptied: only the paths can match */
  without_pixels = g_string_new (NULL);
  {
    g_autoptr(GPtrArray) rows = sl_csv_parse (text, strlen (text), csv, &error);

    g_assert_no_error (error);
    for (guint r = 0; r < rows->len; r++)
      {
        GStrv fields = ((SlCsvRow *) g_ptr_array_index (rows, r))->fields;

        for (guint c = 0; fields[c] != NULL; c++)
          {
            if (c > 0)
              g_string_append_c (without_pixels, ',');
            if (r == 0 || c != 2)
              sl_csv_append_field (without_pixels, fields[c]);
          }
        g_string_append_c (without_pixels, '\n');
      }
  }
  g_assert_true (g_file_set_contents (csv, without_pixels->str, -1, NULL));

  import_into (fresh, images, csv);
  expected = labels_by_pixels (catalog_path, FALSE);
  actual = labels_by_pixels (fresh, FALSE);
  assert_same_labels (expected, actual);
  g_assert_cmpuint (g_hash_table_size (actual), ==, 4);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/sightline/results/labels-export/csv-round-trip", Fixture, NULL,
              fixture_set_up, test_csv_round_trip, fixture_tear_down);
  g_test_add ("/sightline/results/labels-export/csv-round-trip-by-pixels", Fixture, NULL,
              fixture_set_up, test_csv_round_trip_by_pixels, fixture_tear_down);
  g_test_add ("/sightline/results/labels-export/png-round-trip", Fixture, NULL,
              fixture_set_up, test_png_round_trip, fixture_tear_down);
  g_test_add_func ("/sightline/results/labels-export/non-utf8-name", test_non_utf8_name);
  return g_test_run ();
}
