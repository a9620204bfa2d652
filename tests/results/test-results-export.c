/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <math.h>

#include "sl-catalog.h"
#include "sl-csv.h"
#include "sl-evaluate.h"
#include "sl-json.h"
#include "sl-model.h"
#include "sl-results-export.h"
#include "sl-test-util.h"
#include "study.h"

static SlEvaluation *evaluation;   /* the study's model on the test split */

static GPtrArray *
read_csv (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize len;
  GPtrArray *rows;

  g_file_get_contents (path, &text, &len, &error);
  g_assert_no_error (error);
  rows = sl_csv_parse (text, len, path, &error);
  g_assert_no_error (error);
  return rows;
}

static JsonObject *
read_json (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *json;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  json = sl_json_parse_object (text, path, &error);
  g_assert_no_error (error);
  return json;
}

static const char *
field (GPtrArray *rows,
       guint      row,
       guint      column)
{
  SlCsvRow *r = g_ptr_array_index (rows, row);

  g_assert_cmpuint (column, <, g_strv_length (r->fields));
  return r->fields[column];
}

static void
test_predictions_csv (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (study.dir, "predictions.csv", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  const SlEvaluation *e = evaluation;
  int correct = 0;

  g_assert_true (sl_export_predictions_csv (e, SL_SPLIT_TEST, path, &error));
  g_assert_no_error (error);
  rows = read_csv (path);
  g_assert_cmpuint (rows->len, ==, (guint) e->n + 1);
  g_assert_cmpstr (field (rows, 0, 0), ==, "image_id");
  g_assert_cmpstr (field (rows, 0, 6), ==, "p_normal");
  g_assert_cmpstr (field (rows, 0, 7), ==, "p_pneumonia");
  for (int i = 0; i < e->n; i++)
    {
      double p0 = g_ascii_strtod (field (rows, i + 1, 6), NULL);
      double p1 = g_ascii_strtod (field (rows, i + 1, 7), NULL);
      const char *predicted = field (rows, i + 1, 3);

      g_assert_cmpint (g_ascii_strtoll (field (rows, i + 1, 0), NULL, 10), ==, e->image_ids[i]);
      g_assert_cmpstr (field (rows, i + 1, 1), ==, "test");
      g_assert_cmpstr (field (rows, i + 1, 2), ==, e->class_names[e->y_true[i]]);
      g_assert_cmpfloat_with_epsilon (p0, e->probs[2 * i], 1e-6);
      g_assert_cmpfloat_with_epsilon (p0 + p1, 1.0, 1e-5);
      g_assert_cmpstr (predicted, ==, p1 > p0 ? "pneumonia" : "normal");
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (field (rows, i + 1, 4), NULL), MAX (p0, p1),
                                      1e-6);
      correct += atoi (field (rows, i + 1, 5));
    }
  g_assert_cmpfloat_with_epsilon ((double) correct / e->n, e->accuracy, 1e-9);
}

static void
test_predictions_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (study.dir, "predictions.json", NULL);
  g_autoptr(JsonObject) json = NULL;
  JsonArray *predictions;
  const SlEvaluation *e = evaluation;

  g_assert_true (sl_export_predictions_json (e, SL_SPLIT_TEST, path, &error));
  g_assert_no_error (error);
  json = read_json (path);
  g_assert_cmpstr (json_object_get_string_member (json, "split"), ==, "test");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json, "classes")), ==, 2);
  predictions = json_object_get_array_member (json, "predictions");
  g_assert_cmpuint (json_array_get_length (predictions), ==, (guint) e->n);
  for (int i = 0; i < e->n; i++)
    {
      JsonObject *p = json_array_get_object_element (predictions, i);
      JsonObject *probs = json_object_get_object_member (p, "probabilities");

      g_assert_cmpint (json_object_get_int_member (p, "image_id"), ==, e->image_ids[i]);
      g_assert_cmpstr (json_object_get_string_member (p, "true_class"), ==,
                       e->class_names[e->y_true[i]]);
      g_assert_cmpfloat_with_epsilon (sl_json_number (probs, "pneumonia", -1),
                                      e->probs[2 * i + 1], 1e-6);
    }
}

static void
test_metrics (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_path = g_build_filename (study.dir, "metrics.csv", NULL);
  g_autofree char *json_path = g_build_filename (study.dir, "metrics.json", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autofree char *direct = NULL;
  g_autofree char *written = NULL;
  const SlEvaluation *e = evaluation;
  int confusion_total = 0;
  gboolean saw_accuracy = FALSE, saw_recall = FALSE;

  g_assert_true (sl_export_metrics_csv (e, csv_path, &error));
  g_assert_no_error (error);
  rows = read_csv (csv_path);
  g_assert_cmpstr (field (rows, 0, 0), ==, "metric");
  /* images, accuracy, balanced_accuracy, auc, macro_f1, 5 per class, k × k confusion cells. */
  g_assert_cmpuint (rows->len, ==, 1 + 5 + 5 * 2 + 4);
  for (guint r = 1; r < rows->len; r++)
    {
      const char *name = field (rows, r, 0);
      double value = g_ascii_strtod (field (rows, r, 3), NULL);

      if (g_str_equal (name, "accuracy"))
        {
          g_assert_cmpfloat_with_epsilon (value, e->accuracy, 1e-6);
          saw_accuracy = TRUE;
        }
      else if (g_str_equal (name, "recall") && g_str_equal (field (rows, r, 1), "pneumonia"))
        {
          g_assert_cmpfloat_with_epsilon (value, e->recall[1], 1e-6);
          saw_recall = TRUE;
        }
      else if (g_str_equal (name, "confusion"))
        {
          int t = g_str_equal (field (rows, r, 1), "pneumonia");
          int p = g_str_equal (field (rows, r, 2), "pneumonia");

          g_assert_cmpint ((int) value, ==, e->confusion[t * 2 + p]);
          confusion_total += (int) value;
        }
    }
  g_assert_true (saw_accuracy && saw_recall);
  g_assert_cmpint (confusion_total, ==, e->n);

  g_assert_true (sl_export_metrics_json (e, json_path, &error));
  g_assert_no_error (error);
  json = read_json (json_path);
  g_assert_cmpfloat_with_epsilon (sl_json_number (json, "accuracy", -1), e->accuracy, 1e-6);
  g_assert_cmpfloat_with_epsilon (sl_json_number (json, "auc", -1), e->auc, 1e-6);
  g_assert_cmpfloat_with_epsilon (
    sl_json_number (json_object_get_object_member (json_object_get_object_member (json,
                                                                                  "per_class"),
                                                   "normal"),
                    "specificity", -1),
    e->specificity[0], 1e-6);
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (
                     json_object_get_array_member (json, "confusion"), 1), 0), ==,
                   e->confusion[2]);
  /* The file is what evaluate --json prints. */
  direct = sl_evaluation_to_json (e);
  g_file_get_contents (json_path, &written, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (written, direct));
}

static void
test_metrics_undefined_auc (void)
{
  /* A split with one class only: AUC is undefined, written as null / empty, still parseable. */
  char *names[] = { "a", "b", NULL };
  gint64 ids[] = { 1, 2 };
  int y[] = { 0, 0 };
  float probs[] = { 0.9f, 0.1f, 0.4f, 0.6f };
  int confusion[] = { 1, 1, 0, 0 };
  double precision[] = { 1, 0 }, recall[] = { 0.5, 0 }, specificity[] = { 0, 0.5 };
  double f1[] = { 2.0 / 3, 0 }, auc_per_class[] = { NAN, NAN };
  SlEvaluation e = {
    .n = 2, .n_classes = 2, .class_names = names, .image_ids = ids, .y_true = y, .probs = probs,
    .confusion = confusion, .accuracy = 0.5, .balanced_accuracy = 0.25, .auc = NAN,
    .macro_f1 = 1.0 / 3, .precision = precision, .recall = recall, .specificity = specificity,
    .f1 = f1, .auc_per_class = auc_per_class,
  };
  g_autofree char *json_text = sl_evaluation_to_json (&e);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = sl_json_parse_object (json_text, "metrics", &error);

  g_assert_no_error (error);
  g_assert_true (json_object_get_null_member (json, "auc"));
}

static void
test_labels_csv (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (study.catalog_path, &error);
  g_autofree char *path = g_build_filename (study.dir, "labels.csv", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  int normal = 0, pneumonia = 0, test = 0;

  g_assert_no_error (error);
  g_assert_true (sl_export_labels_csv (catalog, path, &error));
  g_assert_no_error (error);
  rows = read_csv (path);
  g_assert_cmpuint (rows->len, ==, 301);
  g_assert_cmpstr (field (rows, 0, 3), ==, "label");
  for (guint r = 1; r < rows->len; r++)
    {
      g_assert_cmpuint (strlen (field (rows, r, 2)), ==, 64);
      g_assert_true (g_str_has_suffix (field (rows, r, 1), ".png"));
      normal += g_str_equal (field (rows, r, 3), "normal");
      pneumonia += g_str_equal (field (rows, r, 3), "pneumonia");
      test += g_str_equal (field (rows, r, 4), "test");
    }
  g_assert_cmpint (normal, ==, 150);
  g_assert_cmpint (pneumonia, ==, 150);
  g_assert_cmpint (test, ==, 60);
}

static guint
count_pngs (const char *dir,
            int         side)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  if (d == NULL)
    return 0;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      char *end = NULL;

      /* <image id>.png */
      g_assert_true (g_ascii_strtoll (name, &end, 10) > 0);
      g_assert_cmpstr (end, ==, ".png");
      pixbuf = gdk_pixbuf_new_from_file (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, side);
      n++;
    }
  return n;
}

static void
test_labels_png (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (study.catalog_path, &error);
  g_autofree char *flat = g_build_filename (study.dir, "png-flat", NULL);
  g_autofree char *split = g_build_filename (study.dir, "png-split", NULL);
  g_autofree char *flat_normal = g_build_filename (flat, "normal", NULL);
  g_autofree char *flat_pneumonia = g_build_filename (flat, "pneumonia", NULL);
  g_autofree char *val_normal = g_build_filename (split, "val", "normal", NULL);
  g_autofree char *train_pneumonia = g_build_filename (split, "train", "pneumonia", NULL);
  g_autofree char *test_only = g_build_filename (study.dir, "png-test", NULL);
  g_autofree char *test_normal = g_build_filename (test_only, "normal", NULL);
  guint written = 0;

  g_assert_no_error (error);
  g_assert_true (sl_export_labels_png (catalog, flat, SL_SPLIT_NONE, FALSE, &written, NULL,
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, 300);
  g_assert_cmpuint (count_pngs (flat_normal, 28), ==, 150);
  g_assert_cmpuint (count_pngs (flat_pneumonia, 28), ==, 150);

  g_assert_true (sl_export_labels_png (catalog, split, SL_SPLIT_NONE, TRUE, &written, NULL,
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, 300);
  g_assert_cmpuint (count_pngs (val_normal, 28), ==, 20);
  g_assert_cmpuint (count_pngs (train_pneumonia, 28), ==, 100);

  g_assert_true (sl_export_labels_png (catalog, test_only, SL_SPLIT_TEST, FALSE, &written, NULL,
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, 60);
  g_assert_cmpuint (count_pngs (test_normal, 28), ==, 30);
}

static void
test_model_card (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (study.catalog_path, &error);
  g_autofree char *dir = g_build_filename (study.dir, "model-export", NULL);
  g_autofree char *card_path = g_build_filename (dir, "MODEL_CARD.md", NULL);
  g_autofree char *checkpoint_path = g_build_filename (dir, "model.slm", NULL);
  g_autofree char *card = NULL;
  g_autofree char *accuracy = g_strdup_printf ("%.4f", evaluation->accuracy);
  g_autoptr(SlModel) model = NULL;

  g_assert_no_error (error);
  g_assert_true (sl_export_model (catalog, study.model_id, evaluation, SL_SPLIT_TEST, dir,
                                  &error));
  g_assert_no_error (error);
  g_file_get_contents (card_path, &card, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (card, "`" TINY_ARCH "`"));
  g_assert_nonnull (strstr (card, "## Data"));
  g_assert_nonnull (strstr (card, "| train | 100 | 100 |"));
  g_assert_nonnull (strstr (card, "## Training"));
  g_assert_nonnull (strstr (card, "Epochs: 2 of 2 run"));
  g_assert_nonnull (strstr (card, "## Metrics on the test split (60 labelled images)"));
  g_assert_nonnull (strstr (card, accuracy));
  g_assert_nonnull (strstr (card, "## Intended use"));
  g_assert_nonnull (strstr (card, "## Limitations"));

  model = sl_model_load_file (checkpoint_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sl_model_get_arch (model), ==, TINY_ARCH);

  g_assert_false (sl_export_model (catalog, study.model_id + 50, NULL, SL_SPLIT_TEST, dir,
                                   &error));
  g_assert_nonnull (error);
}

static void
test_cli_export (void)
{
  g_autofree char *out = g_build_filename (study.dir, "cli-metrics.json", NULL);
  g_autofree char *bad = g_build_filename (study.dir, "cli-bad.csv", NULL);
  const char *metrics[] = { SL_CLI_PATH, "export-results", "--catalog", study.catalog_path,
                            "--what", "metrics", "--format", "json", "--model", study.model_path,
                            "--out", out, NULL };
  const char *no_model[] = { SL_CLI_PATH, "export-results", "--catalog", study.catalog_path,
                             "--what", "predictions", "--out", bad, NULL };
  const char *unknown[] = { SL_CLI_PATH, "export-results", "--catalog", study.catalog_path,
                            "--what", "everything", "--out", bad, NULL };
  g_autofree char *stdout_text = NULL, *stderr_text = NULL;
  g_autoptr(JsonObject) json = NULL;

  g_assert_cmpint (sl_test_run (metrics, &stdout_text, &stderr_text), ==, 0);
  json = read_json (out);
  g_assert_cmpfloat_with_epsilon (sl_json_number (json, "accuracy", -1),
                                  evaluation->accuracy, 1e-6);
  g_clear_pointer (&stdout_text, g_free);
  g_clear_pointer (&stderr_text, g_free);

  g_assert_cmpint (sl_test_run (no_model, &stdout_text, &stderr_text), ==, 1);
  g_assert_nonnull (strstr (stderr_text, "--model"));
  g_clear_pointer (&stdout_text, g_free);
  g_clear_pointer (&stderr_text, g_free);

  g_assert_cmpint (sl_test_run (unknown, &stdout_text, &stderr_text), ==, 1);
  g_assert_nonnull (strstr (stderr_text, "everything"));
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  study_set_up ();
  evaluation = sl_evaluate (study.catalog_path, study.model_id, SL_SPLIT_TEST, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/sightline/report/export/predictions-csv", test_predictions_csv);
  g_test_add_func ("/sightline/report/export/predictions-json", test_predictions_json);
  g_test_add_func ("/sightline/report/export/metrics", test_metrics);
  g_test_add_func ("/sightline/report/export/metrics-undefined-auc", test_metrics_undefined_auc);
  g_test_add_func ("/sightline/report/export/labels-csv", test_labels_csv);
  g_test_add_func ("/sightline/report/export/labels-png", test_labels_png);
  g_test_add_func ("/sightline/report/export/model-card", test_model_card);
  g_test_add_func ("/sightline/report/export/cli", test_cli_export);
  status = g_test_run ();

  sl_evaluation_free (evaluation);
  study_tear_down ();
  return status;
}
