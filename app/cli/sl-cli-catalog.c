/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-cli-catalog.h"

#include <errno.h>
#include <inttypes.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>

#include "sl-catalog.h"
#include "sl-cli.h"
#include "sl-dataset.h"
#include "sl-error.h"
#include "sl-labels-export.h"
#include "sl-importer.h"
#include "sl-json.h"
#include "sl-window-level.h"

static const char *const split_keys[] = { "none", "train", "val", "test" };
/* rows of the stats: the splits, then images without one */
static const SlSplit split_order[] = { SL_SPLIT_TRAIN, SL_SPLIT_VAL, SL_SPLIT_TEST, SL_SPLIT_NONE };

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  char *end = NULL;

  errno = 0;
  *id = g_ascii_strtoll (text, &end, 10);
  return errno == 0 && end != text && *end == '\0' && *id > 0;
}

static void
print_notice (SlImportNotice  kind,
              const char     *message,
              gpointer        user_data)
{
  g_printerr ("%s\n", message);
}

int
sl_cli_import (int    argc,
               char **argv)
{
  g_autofree char *catalog_path = NULL, *labels = NULL, *window = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlImporter) importer = NULL;
  g_autoptr(GError) error = NULL;
  SlImportStats stats = { 0 };
  gint64 max_pixels = (gint64) SL_IMAGE_DEFAULT_MAX_PIXELS;
  gboolean no_source_names = FALSE, create_classes = FALSE;
  int threads = 0, batch = 0;
  double center = 0, width = 0;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path,
      N_("The catalog file (created when absent)"), N_("CAT") },
    { "labels", 'l', 0, G_OPTION_ARG_FILENAME, &labels,
      N_("CSV of path,label[,split] rows; overrides labels from folder names"), N_("FILE.csv") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads,
      N_("Decoding threads (default: one per core)"), N_("N") },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch,
      N_("Files per transaction (default: 500)"), N_("N") },
    { "window", 0, 0, G_OPTION_ARG_STRING, &window,
      N_("Window stored with every image instead of the file's: CENTER,WIDTH or a CT preset "
         "(lung, mediastinum, bone, brain, abdomen)"), N_("C,W|PRESET") },
    { "max-pixels", 0, 0, G_OPTION_ARG_INT64, &max_pixels,
      N_("Skip images over N pixels (width × height, per frame), read from the header before "
         "decoding (default: 67108864, e.g. 8192 × 8192)"), N_("N") },
    { "no-source-names", 0, 0, G_OPTION_ARG_NONE, &no_source_names,
      N_("Keep no file names in the catalog (DICOM files never keep one)"), NULL },
    { "create-classes", 0, 0, G_OPTION_ARG_NONE, &create_classes,
      N_("Add the classes the labels CSV names that the catalog does not have (default: "
         "refuse them, with the list)"), NULL },
    { NULL }
  };

  if (!sl_cli_parse_options (_("DIR…"),
                             _("Imports PNG, JPEG, BMP, TIFF and DICOM files below each DIR. "
                               "Labels come from folder names (DIR/LABEL/x.png or "
                               "DIR/SPLIT/LABEL/x.png, SPLIT one of train, val, test) or from "
                               "--labels. Prints “imported N, duplicates D, skipped S”; each "
                               "skipped file is named on stderr.\n\nExit status: 0 when nothing "
                               "was skipped, 3 when some files were skipped, 1 on a fatal error."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if (argc < 2)
    {
      g_printerr (_("%s: give at least one folder to import (see --help)\n"), g_get_prgname ());
      return SL_CLI_EXIT_FAILED;
    }
  if (threads < 0 || batch < 0)
    {
      g_printerr (_("%s: --threads and --batch must be positive\n"), g_get_prgname ());
      return SL_CLI_EXIT_FAILED;
    }
  if (max_pixels <= 0)
    {
      g_printerr (_("%s: --max-pixels must be at least 1 (got %" PRId64 ")\n"),
                  g_get_prgname (), max_pixels);
      return SL_CLI_EXIT_FAILED;
    }
  if (window != NULL && !sl_window_level_parse (window, &center, &width, &error))
    {
      g_printerr ("%s: --window: %s\n", g_get_prgname (), error->message);
      return SL_CLI_EXIT_FAILED;
    }
  if ((catalog = sl_cli_open_catalog (catalog_path, SL_CLI_OPEN_CREATE)) == NULL)
    return SL_CLI_EXIT_FAILED;

  importer = sl_importer_new (catalog);
  if (window != NULL)
    sl_importer_set_window (importer, center, width);
  for (int i = 1; i < argc; i++)
    sl_importer_add_path (importer, argv[i]);
  if (labels != NULL && !sl_importer_set_labels_csv (importer, labels, &error))
    {
      g_printerr ("%s\n", error->message);
      return SL_CLI_EXIT_FAILED;
    }
  sl_importer_set_threads (importer, threads);
  sl_importer_set_max_pixels (importer, (guint64) max_pixels);
  sl_importer_set_keep_source_names (importer, !no_source_names);
  sl_importer_set_create_classes (importer, create_classes);
  if (batch > 0)
    sl_importer_set_batch_size (importer, batch);
  sl_importer_set_notice_func (importer, print_notice, NULL);

  if (!sl_importer_run (importer, NULL, &stats, &error))
    {
      g_printerr ("%s\n", error->message);
      return SL_CLI_EXIT_FAILED;
    }
  g_print (_("imported %u, duplicates %u, skipped %u\n"),
           stats.imported, stats.duplicates, stats.skipped);
  if (stats.unmatched > 0)
    g_print (ngettext ("%u row of the labels CSV matched no file (listed on stderr)\n",
                       "%u rows of the labels CSV matched no file (listed on stderr)\n",
                       stats.unmatched), stats.unmatched);
  return stats.skipped > 0 ? SL_CLI_EXIT_SKIPPED : SL_CLI_EXIT_OK;
}

static void
print_stats_json (GPtrArray  *classes,
                  GHashTable *counts,
                  gint64      n_images)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *text = NULL;
  gint64 unlabeled = 0;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "images");
  json_builder_add_int_value (b, n_images);
  json_builder_set_member_name (b, "classes");
  json_builder_begin_array (b);
  for (guint c = 0; c < classes->len; c++)
    json_builder_add_string_value (b, ((SlClassInfo *) g_ptr_array_index (classes, c))->name);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "splits");
  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (split_order); i++)
    {
      SlSplit s = split_order[i];
      GArray *row = g_hash_table_lookup (counts, GINT_TO_POINTER (s));
      gint64 total = 0;

      for (guint c = 0; c <= classes->len; c++)
        total += g_array_index (row, gint64, c);
      unlabeled += g_array_index (row, gint64, classes->len);
      if (s == SL_SPLIT_NONE && total == 0)
        continue;
      json_builder_set_member_name (b, split_keys[s]);
      json_builder_begin_object (b);
      for (guint c = 0; c < classes->len; c++)
        {
          json_builder_set_member_name (b, ((SlClassInfo *) g_ptr_array_index (classes, c))->name);
          json_builder_add_int_value (b, g_array_index (row, gint64, c));
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "unlabeled");
  json_builder_add_int_value (b, unlabeled);
  json_builder_end_object (b);
  text = sl_json_builder_text (b, FALSE);
  g_print ("%s\n", text);
}

static void
print_stats_table (GPtrArray  *classes,
                   GHashTable *counts,
                   gint64      n_images)
{
  const char *split_names[] = { N_("(none)"), N_("train"), N_("val"), N_("test") };

  g_print (_("images: %" PRId64 "\n"), n_images);
  g_print ("%-8s", _("split"));
  for (guint c = 0; c < classes->len; c++)
    g_print (" %12s", ((SlClassInfo *) g_ptr_array_index (classes, c))->name);
  g_print (" %12s %12s\n", _("unlabeled"), _("total"));
  for (guint i = 0; i < G_N_ELEMENTS (split_order); i++)
    {
      SlSplit s = split_order[i];
      GArray *row = g_hash_table_lookup (counts, GINT_TO_POINTER (s));
      gint64 total = 0;

      for (guint c = 0; c <= classes->len; c++)
        total += g_array_index (row, gint64, c);
      if (s == SL_SPLIT_NONE && total == 0)
        continue;
      g_print ("%-8s", _(split_names[s]));
      for (guint c = 0; c <= classes->len; c++)
        g_print (" %12" G_GINT64_FORMAT, g_array_index (row, gint64, c));
      g_print (" %12" G_GINT64_FORMAT "\n", total);
    }
}

int
sl_cli_stats (int    argc,
              char **argv)
{
  g_autofree char *catalog_path = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path, N_("The catalog file"),
      N_("CAT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print {\"images\": N, \"classes\": [...], \"splits\": {\"train\": {CLASS: n, …}, …}}"),
      NULL },
    { NULL }
  };

  if (!sl_cli_parse_options (NULL,
                             _("Counts the catalog's images per split and class."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if (argc > 1)
    {
      g_printerr (_("%s: unexpected argument “%s”\n"), g_get_prgname (), argv[1]);
      return SL_CLI_EXIT_FAILED;
    }
  if ((catalog = sl_cli_open_catalog (catalog_path, SL_CLI_OPEN_READ)) == NULL)
    return SL_CLI_EXIT_FAILED;

  classes = sl_catalog_list_classes (catalog);
  if ((counts = sl_catalog_count_by_split_and_class (catalog, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return SL_CLI_EXIT_FAILED;
    }
  if (json)
    print_stats_json (classes, counts, sl_catalog_count_images (catalog));
  else
    print_stats_table (classes, counts, sl_catalog_count_images (catalog));
  return SL_CLI_EXIT_OK;
}

int
sl_cli_split (int    argc,
              char **argv)
{
  g_autofree char *catalog_path = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  double val = -1, test = -1;
  gint64 seed = 1;
  gboolean reassign = FALSE;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path, N_("The catalog file"),
      N_("CAT") },
    { "val", 0, 0, G_OPTION_ARG_DOUBLE, &val, N_("Fraction of each class for validation"),
      N_("F") },
    { "test", 0, 0, G_OPTION_ARG_DOUBLE, &test, N_("Fraction of each class for testing"),
      N_("F") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("Random seed (same seed, same split; default 1)"), N_("S") },
    { "reassign", 0, 0, G_OPTION_ARG_NONE, &reassign,
      N_("Also reassign images that already have a split"), NULL },
    { NULL }
  };

  if (!sl_cli_parse_options (NULL,
                             _("Assigns train/val/test, stratified by label, to the images that "
                               "have no split yet (all images with --reassign); a fraction not "
                               "given counts as 0. Then a val or test split that is still "
                               "empty although its fraction was given is filled with that part "
                               "of each class of train (e.g. --val 0.1 on a folder with train "
                               "and test only); other splits are never touched. The same seed "
                               "gives the same split."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if ((val < 0 && test < 0) || seed < 0)
    {
      g_printerr (_("%s: give --val or --test (or both); fractions and --seed must not be "
                    "negative\n"), g_get_prgname ());
      return SL_CLI_EXIT_FAILED;
    }
  if ((catalog = sl_cli_open_catalog (catalog_path, SL_CLI_OPEN_WRITE)) == NULL)
    return SL_CLI_EXIT_FAILED;
  if (!sl_catalog_make_split (catalog, MAX (val, 0), MAX (test, 0), seed, reassign, &error))
    {
      g_printerr ("%s\n", error->message);
      return SL_CLI_EXIT_FAILED;
    }
  for (SlSplit target = SL_SPLIT_VAL; target <= SL_SPLIT_TEST; target++)
    {
      double fraction = target == SL_SPLIT_VAL ? val : test;
      int moved = fraction > 0 ? sl_dataset_fill_split (catalog, target, fraction,
                                                        (guint64) seed, &error)
                               : 0;

      if (moved < 0)
        {
          g_printerr ("%s\n", error->message);
          return SL_CLI_EXIT_FAILED;
        }
      if (moved > 0)
        g_print (_("The %s split was empty: %d train images (%g of each class) moved to it\n"),
                 _(sl_split_to_string (target)), moved, fraction);
    }
  {
    g_autoptr(GPtrArray) classes = sl_catalog_list_classes (catalog);
    g_autoptr(GHashTable) counts = sl_catalog_count_by_split_and_class (catalog, &error);

    if (counts == NULL)
      {
        g_printerr ("%s\n", error->message);
        return SL_CLI_EXIT_FAILED;
      }
    print_stats_table (classes, counts, sl_catalog_count_images (catalog));
  }
  return SL_CLI_EXIT_OK;
}

static const char *
class_name (GPtrArray *classes,
            gint64     class_id)
{
  for (guint i = 0; i < classes->len; i++)
    {
      SlClassInfo *info = g_ptr_array_index (classes, i);

      if (info->id == class_id)
        return info->name;
    }
  return _("(none)");
}

int
sl_cli_label (int    argc,
              char **argv)
{
  g_autofree char *catalog_path = NULL, *annotator = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 image_id, class_id = 0, previous;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path, N_("The catalog file"),
      N_("CAT") },
    { "annotator", 'a', 0, G_OPTION_ARG_STRING, &annotator,
      N_("Who labels (default: the user name)"), N_("NAME") },
    { NULL }
  };

  if (!sl_cli_parse_options (_("IMAGE-ID CLASS"),
                             _("Sets the label of an image to CLASS (an existing class name), or "
                               "clears it when CLASS is “-”. The change is added to the image's "
                               "history."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if (argc != 3 || !parse_id (argv[1], &image_id))
    {
      g_printerr (_("%s: expected an image id and a class name (see --help)\n"),
                  g_get_prgname ());
      return SL_CLI_EXIT_FAILED;
    }
  if ((catalog = sl_cli_open_catalog (catalog_path, SL_CLI_OPEN_WRITE)) == NULL)
    return SL_CLI_EXIT_FAILED;

  classes = sl_catalog_list_classes (catalog);
  if (g_strcmp0 (argv[2], "-") != 0 && (class_id = sl_catalog_find_class (catalog, argv[2])) == 0)
    {
      g_autoptr(GString) known = g_string_new (NULL);

      for (guint i = 0; i < classes->len; i++)
        g_string_append_printf (known, "%s%s", i ? ", " : "",
                                ((SlClassInfo *) g_ptr_array_index (classes, i))->name);
      g_printerr (_("%s: no class “%s” (classes: %s)\n"), g_get_prgname (), argv[2],
                  known->len ? known->str : _("none"));
      return SL_CLI_EXIT_FAILED;
    }
  previous = sl_catalog_get_label (catalog, image_id);
  if (!sl_catalog_set_label (catalog, image_id, class_id, annotator, &error))
    {
      g_printerr ("%s\n", error->message);
      return SL_CLI_EXIT_FAILED;
    }
  g_print (_("image %" PRId64 ": %s → %s\n"), image_id, class_name (classes, previous),
           class_name (classes, class_id));
  return SL_CLI_EXIT_OK;
}

int
sl_cli_history (int    argc,
                char **argv)
{
  g_autofree char *catalog_path = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  gint64 image_id;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path, N_("The catalog file"),
      N_("CAT") },
    { NULL }
  };

  if (!sl_cli_parse_options (_("IMAGE-ID"),
                             _("Prints every label change of an image, oldest first: time (UTC), "
                               "annotator, class. The last line is the current label."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if (argc != 2 || !parse_id (argv[1], &image_id))
    {
      g_printerr (_("%s: expected one image id (see --help)\n"), g_get_prgname ());
      return SL_CLI_EXIT_FAILED;
    }
  if ((catalog = sl_cli_open_catalog (catalog_path, SL_CLI_OPEN_READ)) == NULL)
    return SL_CLI_EXIT_FAILED;
  if ((events = sl_catalog_label_history (catalog, image_id, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return SL_CLI_EXIT_FAILED;
    }
  classes = sl_catalog_list_classes (catalog);
  for (guint i = 0; i < events->len; i++)
    {
      SlLabelEvent *event = g_ptr_array_index (events, i);
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (event->created_at
                                                                 / G_USEC_PER_SEC);
      g_autofree char *stamp = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

      g_print ("%s.%06" G_GINT64_FORMAT "Z  %s  %s\n", stamp, event->created_at % G_USEC_PER_SEC,
               event->annotator, class_name (classes, event->class_id));
    }
  if (events->len == 0)
    g_print (_("image %" PRId64 " has never been labeled\n"), image_id);
  return SL_CLI_EXIT_OK;
}

int
sl_cli_export (int    argc,
               char **argv)
{
  g_autofree char *catalog_path = NULL, *format = NULL, *out_path = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path, N_("The catalog file"),
      N_("CAT") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output format: csv"), N_("FORMAT") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path,
      N_("Write here (default: standard output)"), N_("FILE") },
    { NULL }
  };

  if (!sl_cli_parse_options (NULL,
                             _("Exports every image as a CSV row image_id,path,sha256,label,split "
                               "(accepted back by import --labels)."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if (g_strcmp0 (format, "csv") != 0)
    {
      g_printerr (_("%s: --format csv is required (the only format so far)\n"), g_get_prgname ());
      return SL_CLI_EXIT_FAILED;
    }
  if ((catalog = sl_cli_open_catalog (catalog_path, SL_CLI_OPEN_CHECKED)) == NULL)
    return SL_CLI_EXIT_FAILED;

  if (out_path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (out_path);

      out = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                             &error));
    }
  else
    out = g_memory_output_stream_new_resizable ();
  if (out == NULL || !sl_export_labels_csv_to_stream (catalog, out, NULL, &error)
      || !g_output_stream_close (out, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return SL_CLI_EXIT_FAILED;
    }
  if (out_path == NULL)
    {
      GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (out);

      if (fwrite (g_memory_output_stream_get_data (memory), 1,
                  g_memory_output_stream_get_data_size (memory), stdout)
          != g_memory_output_stream_get_data_size (memory) || fflush (stdout) != 0)
        {
          g_printerr (_("%s: cannot write to standard output\n"), g_get_prgname ());
          return SL_CLI_EXIT_FAILED;
        }
    }
  return SL_CLI_EXIT_OK;
}
