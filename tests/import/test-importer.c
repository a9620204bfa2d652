/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <png.h>
#include <string.h>

#include "sl-catalog.h"
#include "sl-csv.h"
#include "sl-error.h"
#include "sl-import-labels.h"
#include "sl-importer.h"
#include "sl-test-util.h"

typedef struct
{
  char *dir;       /* temporary; removed with everything in it */
  char *catalog_path;
  SlCatalog *catalog;
  GPtrArray *notices;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = sl_test_tmp_dir_new ();
  f->catalog_path = g_build_filename (f->dir, "catalog.sightline", NULL);
  f->catalog = sl_catalog_open (f->catalog_path, &error);
  g_assert_no_error (error);
  f->notices = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->catalog);
  g_ptr_array_unref (f->notices);
  g_free (f->catalog_path);
  sl_test_tmp_dir_free (f->dir);
}

static void
collect_notice (SlImportNotice  kind,
                const char     *message,
                gpointer        user_data)
{
  g_ptr_array_add (user_data, g_strdup_printf ("%s %s", kind == SL_IMPORT_NOTICE_SKIPPED
                                                        ? "skipped" : "duplicate", message));
}

static SlImportStats
run_import (Fixture    *f,
            const char *path,
            const char *csv)
{
  g_autoptr(SlImporter) importer = sl_importer_new (f->catalog);
  g_autoptr(GError) error = NULL;
  SlImportStats stats = { 0 };

  sl_importer_add_path (importer, path);
  if (csv != NULL)
    {
      g_assert_true (sl_importer_set_labels_csv (importer, csv, &error));
      g_assert_no_error (error);
    }
  sl_importer_set_notice_func (importer, collect_notice, f->notices);
  g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
  g_assert_no_error (error);
  return stats;
}

static char *
demo_dir (void)
{
  const char *root = g_getenv ("SL_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "resources", "demo-pneumoniamnist", NULL);
}

static gint64
count (GHashTable *counts,
       SlSplit     split,
       guint       class_index)
{
  return g_array_index ((GArray *) g_hash_table_lookup (counts, GINT_TO_POINTER (split)),
                        gint64, class_index);
}

static void
assert_demo_counts (SlCatalog *catalog)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) classes = sl_catalog_list_classes (catalog);
  g_autoptr(GHashTable) counts = sl_catalog_count_by_split_and_class (catalog, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sl_catalog_count_images (catalog), ==, 5827);
  g_assert_cmpuint (classes->len, ==, 2);
  g_assert_cmpstr (((SlClassInfo *) g_ptr_array_index (classes, 0))->name, ==, "normal");
  g_assert_cmpstr (((SlClassInfo *) g_ptr_array_index (classes, 1))->name, ==, "pneumonia");
  g_assert_cmpint (count (counts, SL_SPLIT_TRAIN, 0), ==, 1213);
  g_assert_cmpint (count (counts, SL_SPLIT_TRAIN, 1), ==, 3469);
  g_assert_cmpint (count (counts, SL_SPLIT_VAL, 0), ==, 135);
  g_assert_cmpint (count (counts, SL_SPLIT_VAL, 1), ==, 389);
  g_assert_cmpint (count (counts, SL_SPLIT_TEST, 0), ==, 234);
  g_assert_cmpint (count (counts, SL_SPLIT_TEST, 1), ==, 387);
  for (SlSplit s = SL_SPLIT_NONE; s <= SL_SPLIT_TEST; s++)
    g_assert_cmpint (count (counts, s, 2), ==, 0);   /* unlabeled */
}

static void
test_demo_folders (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *demo = demo_dir ();
  g_autoptr(SlImageInfo) info = NULL;
  g_autoptr(SlImage) image = NULL;
  g_autoptr(GError) error = NULL;
  SlImportStats stats = run_import (f, demo, NULL);

  g_assert_cmpuint (stats.total, ==, 5827);
  g_assert_cmpuint (stats.imported, ==, 5827);
  g_assert_cmpuint (stats.duplicates, ==, 0);
  g_assert_cmpuint (stats.skipped, ==, 0);
  g_assert_cmpuint (f->notices->len, ==, 0);
  assert_demo_counts (f->catalog);

  info = sl_catalog_get_image_info (f->catalog, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->source_name, ==, "test/normal/test_normal_0000.png");
  g_assert_cmpint (info->width, ==, 28);
  g_assert_cmpint (info->channels, ==, 1);
  g_assert_cmpint (info->bits, ==, 8);
  g_assert_cmpstr (info->format, ==, "png");
  g_assert_cmpint (info->split, ==, SL_SPLIT_TEST);
  image = sl_catalog_load_image (f->catalog, 1, &error);
  g_assert_cmpuint (g_bytes_get_size (image->pixels), ==, 28 * 28);

  /* again: nothing new, and no noise about it */
  stats = run_import (f, demo, NULL);
  g_assert_cmpuint (stats.imported, ==, 0);
  g_assert_cmpuint (stats.duplicates, ==, 5827);
  g_assert_cmpuint (f->notices->len, ==, 0);
  assert_demo_counts (f->catalog);
}

static void
test_demo_csv (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *demo = demo_dir ();
  g_autofree char *csv = g_build_filename (demo, "labels.csv", NULL);
  g_autofree char *flat = g_build_filename (f->dir, "flat", NULL);
  g_autofree char *flat_csv = g_build_filename (f->dir, "flat.csv", NULL);
  g_autoptr(GString) rows = g_string_new (NULL);
  SlImportStats stats = run_import (f, demo, csv);

  g_assert_cmpuint (stats.imported, ==, 5827);
  assert_demo_counts (f->catalog);

  /* labels given only by a header-less CSV (path,label,split) on files in one flat folder */
  g_assert_cmpint (g_mkdir (flat, 0755), ==, 0);
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *src = g_strdup_printf ("%s/val/pneumonia/val_pneumonia_%04d.png", demo, i);
      g_autofree char *dst = g_strdup_printf ("%s/copy %d.png", flat, i);
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (dst, contents, len, NULL));
    }
  g_string_append (rows, "flat/copy 0.png,normal,test\r\n\"flat/copy 1.png\",\"odd, \"\"quoted\"\" class\"\n");
  g_assert_true (g_file_set_contents (flat_csv, rows->str, -1, NULL));
  {
    g_autoptr(SlCatalog) other = NULL;
    g_autofree char *other_path = g_build_filename (f->dir, "other.sightline", NULL);
    g_autoptr(SlImporter) importer = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(SlImageInfo) first = NULL, second = NULL, third = NULL;

    other = sl_catalog_open (other_path, &error);
    importer = sl_importer_new (other);
    sl_importer_add_path (importer, flat);
    g_assert_true (sl_importer_set_labels_csv (importer, flat_csv, &error));
    g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (stats.imported, ==, 3);
    first = sl_catalog_get_image_info (other, 1, &error);
    second = sl_catalog_get_image_info (other, 2, &error);
    third = sl_catalog_get_image_info (other, 3, &error);
    g_assert_cmpint (first->class_id, ==, sl_catalog_find_class (other, "normal"));
    g_assert_cmpint (first->split, ==, SL_SPLIT_TEST);
    g_assert_cmpint (second->class_id, ==, sl_catalog_find_class (other, "odd, \"quoted\" class"));
    g_assert_cmpint (second->split, ==, SL_SPLIT_NONE);
    g_assert_cmpint (third->class_id, ==, 0);   /* not in the CSV, no label folder */
  }
}

static void
copy_file (const char *from,
           const char *to,
           gssize      keep)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (to, contents, keep >= 0 ? (gsize) keep : len, NULL));
}

static gboolean
has_notice (GPtrArray  *notices,
            const char *kind,
            const char *file,
            const char *reason)
{
  for (guint i = 0; i < notices->len; i++)
    {
      const char *line = g_ptr_array_index (notices, i);

      if (g_str_has_prefix (line, kind) && strstr (line, file) && strstr (line, reason))
        return TRUE;
    }
  return FALSE;
}

static void
test_bad_files (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *demo = demo_dir ();
  g_autofree char *good = g_build_filename (demo, "train", "normal", "train_normal_0000.png", NULL);
  g_autofree char *good2 = g_build_filename (demo, "train", "normal", "train_normal_0001.png",
                                             NULL);
  g_autofree char *folder = g_build_filename (f->dir, "in", "cats", NULL);
  g_autofree char *a = g_build_filename (folder, "a.png", NULL);
  g_autofree char *b = g_build_filename (folder, "b.png", NULL);
  g_autofree char *copy = g_build_filename (folder, "copy-of-a.png", NULL);
  g_autofree char *truncated = g_build_filename (folder, "truncated.png", NULL);
  g_autofree char *empty = g_build_filename (folder, "empty.png", NULL);
  g_autofree char *text = g_build_filename (folder, "text.png", NULL);
  g_autofree char *notes = g_build_filename (folder, "notes.txt", NULL);
  g_autofree char *root = g_build_filename (f->dir, "in", NULL);
  SlImportStats stats;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  copy_file (good, a, -1);
  copy_file (good2, b, -1);
  copy_file (good, copy, -1);
  copy_file (good2, truncated, 200);
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (text, "this is not a picture\n", -1, NULL));
  g_assert_true (g_file_set_contents (notes, "ignored: not an image name\n", -1, NULL));

  stats = run_import (f, root, NULL);
  g_assert_cmpuint (stats.total, ==, 6);
  g_assert_cmpuint (stats.imported, ==, 2);
  g_assert_cmpuint (stats.duplicates, ==, 1);
  g_assert_cmpuint (stats.skipped, ==, 3);
  g_assert_cmpuint (f->notices->len, ==, 4);
  g_assert_true (has_notice (f->notices, "skipped", truncated, "truncated"));
  g_assert_true (has_notice (f->notices, "skipped", empty, "empty"));
  g_assert_true (has_notice (f->notices, "skipped", text, "not an image"));
  g_assert_true (has_notice (f->notices, "duplicate", copy, "cats/a.png"));
  g_assert_cmpint (sl_catalog_count_images (f->catalog), ==, 2);
  g_assert_cmpint (sl_catalog_get_label (f->catalog, 1), ==,
                   sl_catalog_find_class (f->catalog, "cats"));
}

static void
write_png (const char    *path,
           int            width,
           int            height,
           int            color_type,
           int            depth,
           const guint8  *rows_data,
           gsize          stride)
{
  FILE *file = fopen (path, "wb");
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);

  g_assert_nonnull (file);
  png_init_io (png, file);
  png_set_IHDR (png, info, width, height, depth, color_type, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  for (int y = 0; y < height; y++)
    png_write_row (png, rows_data + y * stride);
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);
  fclose (file);
}

static void
test_pixel_forms (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "forms", NULL);
  g_autofree char *gray16 = g_build_filename (folder, "gray16.png", NULL);
  g_autofree char *rgb_gray = g_build_filename (folder, "rgbgray.png", NULL);
  g_autofree char *bmp_gray = g_build_filename (folder, "gray.bmp", NULL);
  g_autofree char *jpeg_color = g_build_filename (folder, "color.jpg", NULL);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 6, 5);
  g_autoptr(GError) error = NULL;
  guint8 big_endian[5 * 4 * 2], rgb[5 * 4 * 3];
  SlImportStats stats;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  /* 16-bit gray PNG, big endian in the file, values over 255 */
  for (int i = 0; i < 20; i++)
    {
      guint16 v = (guint16) (i * 3000 + 7);

      big_endian[2 * i] = v >> 8;
      big_endian[2 * i + 1] = v & 0xff;
      rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = (guint8) (i * 12);
    }
  write_png (gray16, 5, 4, PNG_COLOR_TYPE_GRAY, 16, big_endian, 10);
  write_png (rgb_gray, 5, 4, PNG_COLOR_TYPE_RGB, 8, rgb, 15);

  /* a gray BMP and a colour JPEG through GdkPixbuf */
  {
    guint8 *px = gdk_pixbuf_get_pixels (pixbuf);
    int stride = gdk_pixbuf_get_rowstride (pixbuf);

    for (int y = 0; y < 5; y++)
      for (int x = 0; x < 6; x++)
        memset (px + y * stride + x * 3, 40 * y + x, 3);
    g_assert_true (gdk_pixbuf_save (pixbuf, bmp_gray, "bmp", &error, NULL));
    px[0] = 255;
    px[1] = 0;
    g_assert_true (gdk_pixbuf_save (pixbuf, jpeg_color, "jpeg", &error, NULL));
  }

  stats = run_import (f, folder, NULL);
  g_assert_cmpuint (stats.imported, ==, 4);
  g_assert_cmpuint (stats.skipped, ==, 0);

  for (gint64 id = 1; id <= 4; id++)
    {
      g_autoptr(SlImageInfo) info = sl_catalog_get_image_info (f->catalog, id, &error);
      g_autoptr(SlImage) image = sl_catalog_load_image (f->catalog, id, &error);

      g_assert_no_error (error);
      if (g_str_equal (info->source_name, "gray16.png"))
        {
          g_assert_cmpint (image->channels, ==, 1);
          g_assert_cmpint (image->bits, ==, 16);
          g_assert_cmpint (image->sample_type, ==, SL_SAMPLE_U16);
          g_assert_cmpfloat (sl_image_value_at (image, 4, 3, 0), ==, 19 * 3000 + 7);
          g_assert_cmpfloat (sl_image_value_at (image, 1, 0, 0), ==, 3007);
        }
      else if (g_str_equal (info->source_name, "rgbgray.png"))
        {
          g_assert_cmpint (image->channels, ==, 1);
          g_assert_cmpfloat (sl_image_value_at (image, 2, 1, 0), ==, 7 * 12);
        }
      else if (g_str_equal (info->source_name, "gray.bmp"))
        {
          g_assert_cmpstr (info->format, ==, "bmp");
          g_assert_cmpint (image->channels, ==, 1);
          g_assert_cmpfloat (sl_image_value_at (image, 5, 4, 0), ==, 165);
        }
      else
        {
          g_assert_cmpstr (info->source_name, ==, "color.jpg");
          g_assert_cmpstr (info->format, ==, "jpeg");
          g_assert_cmpint (image->channels, ==, 3);
        }
    }
}

static void
test_csv_errors (void)
{
  static const struct { const char *text; const char *message; } cases[] = {
    { "path,label\na.png,x\n\"b.png,y\n", "t.csv:3: quoted field is never closed" },
    { "a.png,x\nb.png,y,holiday\n", "t.csv:2: unknown split “holiday”" },
    { "a.png,x\n\nb.png\n", "t.csv:3: expected path,label[,split] but found 1 fields" },
    { "a.png,x\nb.png,y\na.png,z\n", "t.csv:3: “a.png” is listed again (first on line 1)" },
    { "path,split\na.png,train\n", "t.csv:1: the header has a path column but no label" },
    { "a.png,x\nb.p\"ng,y\n", "t.csv:2: a quote inside an unquoted field" },
  };
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "t.csv", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlLabelTable) table = NULL;

      g_assert_true (g_file_set_contents (path, cases[i].text, -1, NULL));
      table = sl_label_table_load (path, &error);
      g_assert_null (table);
      g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” lacks “%s”", i, error->message, cases[i].message);
    }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_csv_parse (void)
{
  static const char text[] = "\xef\xbb\xbfpath,label\r\n\"a,b.png\",\"say \"\"hi\"\"\"\n"
                             "\"multi\nline.png\",x\n\nlast.png,";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = sl_csv_parse (text, sizeof text - 1, "t.csv", &error);
  SlCsvRow *row;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 4);
  row = g_ptr_array_index (rows, 1);
  g_assert_cmpuint (row->line, ==, 2);
  g_assert_cmpstr (row->fields[0], ==, "a,b.png");
  g_assert_cmpstr (row->fields[1], ==, "say \"hi\"");
  row = g_ptr_array_index (rows, 2);
  g_assert_cmpstr (row->fields[0], ==, "multi\nline.png");
  row = g_ptr_array_index (rows, 3);
  g_assert_cmpuint (row->line, ==, 6);
  g_assert_cmpuint (g_strv_length (row->fields), ==, 2);
  g_assert_cmpstr (row->fields[1], ==, "");
}

static void
test_folder_labels (void)
{
  static const struct { const char *name; const char *label; SlSplit split; } cases[] = {
    { "train/normal/x.png", "normal", SL_SPLIT_TRAIN },
    { "val/pneumonia/deeper/x.png", "pneumonia", SL_SPLIT_VAL },
    { "test/x.png", NULL, SL_SPLIT_TEST },
    { "normal/x.png", "normal", SL_SPLIT_NONE },
    { "x.png", NULL, SL_SPLIT_NONE },
    { "training/normal/x.png", "training", SL_SPLIT_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = NULL;
      SlSplit split;

      sl_import_labels_from_folders (cases[i].name, &label, &split);
      g_assert_cmpstr (label, ==, cases[i].label);
      g_assert_cmpint (split, ==, cases[i].split);
    }
}

static void
test_dicom (Fixture       *f,
            gconstpointer  data)
{
  static const char *const bad[] = { "MR_truncated.dcm", "meta_missing_tsyntax.dcm",
                                     "no_meta.dcm", "rtplan.dcm", "test-SR.dcm" };
  const char *shared = g_getenv ("SL_SHARED_DATASETS");
  g_autofree char *folder = NULL;
  g_autoptr(GError) error = NULL;
  SlImageFilter filter;
  g_autoptr(GArray) ids = NULL;
  SlImportStats stats;
  gboolean found_ct = FALSE;

  folder = shared ? g_build_filename (shared, "dicom", NULL) : NULL;
  if (folder == NULL || !g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("SL_SHARED_DATASETS/dicom is not available");
      return;
    }

  stats = run_import (f, folder, NULL);
  g_assert_cmpuint (stats.total, ==, 19);
  g_assert_cmpuint (stats.skipped, ==, G_N_ELEMENTS (bad));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_true (has_notice (f->notices, "skipped", bad[i], ":"));
  g_assert_cmpuint (stats.imported, >=, 9);

  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (f->catalog, &filter, &error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(SlImageInfo) info = sl_catalog_get_image_info (f->catalog,
                                                               g_array_index (ids, gint64, i),
                                                               &error);

      g_autoptr(SlImage) image = sl_catalog_load_image (f->catalog, info->id, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (info->format, ==, "dicom");
      g_assert_cmpstr (info->source_name, ==, "");   /* DICOM files keep no name */
      if (g_strcmp0 (image->modality, "CT") == 0 && image->intercept == -1024)
        {
          g_assert_cmpint (image->channels, ==, 1);
          g_assert_cmpint (image->bits, >, 8);
          found_ct = TRUE;
        }
    }
  g_assert_true (found_ct);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *demo = demo_dir ();
  g_autoptr(SlImporter) importer = sl_importer_new (f->catalog);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  SlImportStats stats;

  sl_importer_add_path (importer, demo);
  g_cancellable_cancel (cancellable);
  g_assert_false (sl_importer_run (importer, cancellable, &stats, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (stats.done, ==, 0);
  g_assert_cmpint (sl_catalog_count_images (f->catalog), ==, 0);
  g_clear_error (&error);

  /* a missing folder is fatal */
  sl_importer_add_path (importer, "/nonexistent/sightline");
  g_assert_false (sl_importer_run (importer, NULL, &stats, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/sightline/import/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("demo-folders", test_demo_folders);
  ADD ("demo-csv", test_demo_csv);
  ADD ("bad-files", test_bad_files);
  ADD ("pixel-forms", test_pixel_forms);
  ADD ("dicom", test_dicom);
  ADD ("cancel", test_cancel);
#undef ADD
  g_test_add_func ("/sightline/import/csv-parse", test_csv_parse);
  g_test_add_func ("/sightline/import/csv-errors", test_csv_errors);
  g_test_add_func ("/sightline/import/folder-labels", test_folder_labels);

  return g_test_run ();
}
