/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "sl-json.h"
#include "sl-test-util.h"

#define TINY_ARCH "conv3:8,bn,relu,maxpool2,gap,fc:2"

static char *dir;
static char *catalog;
static char *model;

static const char *
last_line (char *text)
{
  char *end = text + strlen (text);

  while (end > text && end[-1] == '\n')
    *--end = '\0';
  while (end > text && end[-1] != '\n')
    end--;
  return end;
}

static void
test_train_json_summary (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { SL_CLI_PATH, "train", "--catalog", catalog, "--out", model,
                         "--arch", TINY_ARCH, "--epochs", "2", "--batch", "32", "--seed", "3",
                         "--threads", "1", "--json", NULL };

  g_assert_cmpint (sl_test_run (argv, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "epoch 2/2"));
  json = sl_json_parse_object (last_line (out), "train --json", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (sl_json_number (json, "images_per_second", 0), >, 0);
  g_assert_cmpfloat (sl_json_number (json, "seconds", 0), >, 0);
  g_assert_cmpfloat (sl_json_number (json, "epochs", 0), ==, 2);
  g_assert_true (sl_json_number (json, "best_val_accuracy", -1) >= 0);
  g_assert_true (g_file_test (model, G_FILE_TEST_IS_REGULAR));
}

static void
test_evaluate_json (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *confusion;
  const char *argv[] = { SL_CLI_PATH, "evaluate", "--catalog", catalog, "--model", model,
                         "--json", NULL };
  double total = 0, diagonal = 0;

  g_assert_cmpint (sl_test_run (argv, &out, &err), ==, 0);
  json = sl_json_parse_object (out, "evaluate --json", &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json, "images"), ==, 30);
  confusion = json_object_get_array_member (json, "confusion");
  g_assert_cmpuint (json_array_get_length (confusion), ==, 2);
  for (guint t = 0; t < 2; t++)
    for (guint p = 0; p < 2; p++)
      {
        double count = json_array_get_int_element (json_array_get_array_element (confusion, t), p);

        total += count;
        diagonal += t == p ? count : 0;
      }
  g_assert_cmpfloat (total, ==, 30);
  g_assert_cmpfloat_with_epsilon (sl_json_number (json, "accuracy", -1), diagonal / total,
                                  1e-6);
  g_assert_true (json_object_has_member (json_object_get_object_member (json, "per_class"),
                                         "pneumonia"));
  g_assert_true (sl_json_number (json, "auc", -1) >= 0);
  g_assert_true (sl_json_number (json, "macro_f1", -1) >= 0);
}

static void
test_predict_with_heatmap (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *image = g_build_filename (dir, "images", "test", "pneumonia",
                                             "test_pneumonia_0000.png", NULL);
  g_autofree char *heatmap = g_build_filename (dir, "heat.png", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *first;
  int width = 0, height = 0;
  const char *argv[] = { SL_CLI_PATH, "predict", "--model", model, image, "--heatmap", heatmap,
                         "--json", NULL };

  g_assert_cmpint (sl_test_run (argv, &out, &err), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  first = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_nonnull (json_object_get_string_member (first, "class"));
  g_assert_cmpfloat (sl_json_number (first, "confidence", 0), >=, 0.5);
  g_assert_nonnull (gdk_pixbuf_get_file_info (heatmap, &width, &height));
  g_assert_cmpint (width, ==, 256);
  g_assert_cmpint (height, ==, 256);
}

static void
test_predict_names_bad_files (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *bogus = g_build_filename (dir, "notes.png", NULL);
  g_autofree char *good = g_build_filename (dir, "images", "test", "normal",
                                            "test_normal_0000.png", NULL);
  const char *argv[] = { SL_CLI_PATH, "predict", "--model", model, bogus, good, NULL };
  const char *bad_model[] = { SL_CLI_PATH, "predict", "--model", bogus, good, NULL };

  g_assert_true (g_file_set_contents (bogus, "not an image", -1, NULL));
  g_assert_cmpint (sl_test_run (argv, &out, &err), ==, 3);
  g_assert_nonnull (strstr (err, "notes.png"));
  g_assert_nonnull (strstr (out, "test_normal_0000.png"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (sl_test_run (bad_model, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "notes.png"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *images = NULL;
  g_autofree char *out = NULL, *err = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = sl_test_tmp_dir_new ();
  images = g_build_filename (dir, "images", NULL);
  catalog = g_build_filename (dir, "cli.sightline", NULL);
  model = g_build_filename (dir, "model.slm", NULL);
  sl_test_copy_demo_subset (images, 40, 15, 15);
  {
    const char *import[] = { SL_CLI_PATH, "import", "--catalog", catalog, images, NULL };
    g_assert_cmpint (sl_test_run (import, &out, &err), ==, 0);
  }

  g_test_add_func ("/sightline/cli/train-json-summary", test_train_json_summary);
  g_test_add_func ("/sightline/cli/evaluate-json", test_evaluate_json);
  g_test_add_func ("/sightline/cli/predict-with-heatmap", test_predict_with_heatmap);
  g_test_add_func ("/sightline/cli/predict-names-bad-files", test_predict_names_bad_files);
  status = g_test_run ();

  sl_test_tmp_dir_free (dir);
  g_free (catalog);
  g_free (model);
  return status;
}
