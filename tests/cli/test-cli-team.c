/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "sl-catalog-readers.h"
#include "sl-checkpoint.h"
#include "sl-net.h"
#include "sl-test-util.h"

/* agreement, labels, settings, adjudicate and merge run as the user runs them. */

static char *
run_cli (int         expected_status,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *env = g_getenv ("SL_CLI");
  va_list args;
  int status;

  g_ptr_array_add (argv, (gpointer) (env != NULL ? env : SL_CLI_PATH));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  status = sl_test_run ((const char * const *) argv->pdata, &out, &err);
  if (status != expected_status)
    g_test_message ("%s %s: %s", (const char *) argv->pdata[0], first, err);
  g_assert_cmpint (status, ==, expected_status);
  return out;
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static gint64
add_image (SlCatalog *catalog,
           guint8     seed)
{
  guint8 pixels[16];
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SlImage) image = NULL;
  g_autofree char *sha256 = NULL;

  for (guint i = 0; i < sizeof pixels; i++)
    pixels[i] = (guint8) (seed * 7 + i);
  bytes = g_bytes_new (pixels, sizeof pixels);
  image = sl_image_new (4, 4, 1, SL_SAMPLE_U8, bytes);
  image->format = g_strdup ("png");
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, pixels, sizeof pixels);
  return sl_catalog_add_image (catalog, image, sha256, "x.png", NULL, NULL);
}

/* 50 images, yes/no: ann and bob agree on 20 yes and 15 no; ann yes bob no 5, ann no bob yes
 * 10: Cohen's kappa 0.4 (p_o 0.7, p_e 0.5). cy reads the first 10 as yes. */
static char *
make_study (const char *dir)
{
  char *path = g_build_filename (dir, "study.sightline", NULL);
  g_autoptr(SlCatalog) catalog = sl_catalog_open (path, NULL);
  gint64 yes = sl_catalog_ensure_class (catalog, "yes", NULL);
  gint64 no = sl_catalog_ensure_class (catalog, "no", NULL);

  sl_catalog_ensure_class (catalog, "unsure", NULL);   /* nobody uses it */
  g_assert_true (sl_catalog_begin (catalog, NULL));
  for (int i = 0; i < 50; i++)
    {
      gint64 id = add_image (catalog, (guint8) i);

      g_assert_cmpint (id, >, 0);
      g_assert_true (sl_catalog_set_label (catalog, id, i < 25 ? yes : no, "ann", NULL));
      g_assert_true (sl_catalog_set_label (catalog, id, i < 20 ? yes : i < 25 ? no
                                                      : i < 35 ? yes : no, "bob", NULL));
      if (i < 10)
        g_assert_true (sl_catalog_set_label (catalog, id, yes, "cy", NULL));
    }
  g_assert_true (sl_catalog_commit (catalog, NULL));
  return path;
}

static void
test_agreement (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *catalog = make_study (dir);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *two = NULL, *three = NULL, *table = NULL, *unknown = NULL;
  JsonObject *root;
  JsonArray *per_class, *pairs, *confusion;

  two = run_cli (0, "agreement", "--catalog", catalog, "--annotators", "ann,bob", "--json", NULL);
  root = parse_object (parser, two);
  g_assert_cmpint (json_object_get_int_member (root, "images"), ==, 50);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "cohen_kappa"), 0.4,
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "percent_agreement"),
                                  0.7, 1e-9);
  g_assert_true (json_object_has_member (root, "fleiss_kappa"));
  per_class = json_object_get_array_member (root, "per_class");
  g_assert_cmpuint (json_array_get_length (per_class), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (per_class, 2),
                                               "ratings"), ==, 0);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (per_class, 2),
                                              "kappa"));
  pairs = json_object_get_array_member (root, "pairs");
  confusion = json_object_get_array_member (json_array_get_object_element (pairs, 0),
                                            "confusion");
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (confusion, 0), 1),
                   ==, 5);
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (confusion, 1), 0),
                   ==, 10);

  /* three readers: no cohen_kappa at the top, three pairs; cy agrees with ann on her 10 */
  three = run_cli (0, "agreement", "--catalog", catalog, "--json", NULL);
  root = parse_object (parser, three);
  g_assert_false (json_object_has_member (root, "cohen_kappa"));
  pairs = json_object_get_array_member (root, "pairs");
  g_assert_cmpuint (json_array_get_length (pairs), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (pairs, 1),
                                               "images"), ==, 10);

  table = run_cli (0, "agreement", "--catalog", catalog, "--annotators", "ann,bob", NULL);
  g_assert_nonnull (strstr (table, "Cohen's kappa 0.400"));
  unknown = run_cli (1, "agreement", "--catalog", catalog, "--annotators", "ann,zed", NULL);
}

static void
test_rule_adjudication_and_merge (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *catalog = make_study (dir);
  g_autofree char *other = g_build_filename (dir, "other.sightline", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *settings = NULL, *queue = NULL, *after = NULL, *first = NULL, *second = NULL;
  g_autofree char *adjudicated = NULL;
  JsonObject *root;

  settings = run_cli (0, "settings", "--catalog", catalog, "--blind", "on", "--label-rule",
                      "majority", NULL);
  g_assert_nonnull (strstr (settings, "blind reading: on"));
  g_assert_nonnull (strstr (settings, "label rule: majority"));
  g_free (run_cli (1, "settings", "--catalog", catalog, "--label-rule", "loudest", NULL));

  /* ann and bob disagree on images 20..34; an adjudication takes one off the queue */
  queue = run_cli (0, "labels", "--catalog", catalog, "--disagreements", "--json", NULL);
  root = parse_object (parser, queue);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "images")), ==,
                    15);
  g_free (run_cli (0, "adjudicate", "--catalog", catalog, "--annotator", "chief", "21", "no",
                   NULL));
  after = run_cli (0, "labels", "--catalog", catalog, "--disagreements", "--json", NULL);
  root = parse_object (parser, after);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "images")), ==,
                    14);
  adjudicated = run_cli (0, "labels", "--catalog", catalog, NULL);
  g_assert_nonnull (strstr (adjudicated, "21       no               adjudicated"));

  /* a copy of the study merged back: every row present already; an empty catalog gains them */
  {
    g_autoptr(SlCatalog) empty = sl_catalog_open (other, NULL);
  }
  first = run_cli (0, "merge", "--catalog", other, "--from", catalog, "--images", "--json", NULL);
  root = parse_object (parser, first);
  g_assert_cmpint (json_object_get_int_member (root, "labels_added"), ==, 50 + 50 + 10 + 1);
  g_assert_cmpint (json_object_get_int_member (root, "images_added"), ==, 50);
  second = run_cli (0, "merge", "--catalog", other, "--from", catalog, NULL);
  g_assert_nonnull (strstr (second, "labels added 0, already present 111, images added 0, "
                                    "images missing 0"));
  g_free (run_cli (1, "merge", "--catalog", other, "--from", "/nonexistent.sightline", NULL));
}

/* next: the unlabelled images only, as many as asked, each once; uncertainty in descending
 * order; a strategy it does not know is refused. */
static void
test_next (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *catalog_path = make_study (dir);
  g_autofree char *model = g_build_filename (dir, "model.slm", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *names[] = { "yes", "no", "unsure" };
  const char *strategies[] = { "random", "uncertainty", "diverse" };
  char err[256];
  sl_net *net = sl_net_create ("conv3:4,relu,gap,fc:3", 1, 4, 4, 8, 7, err, sizeof err);

  g_assert_nonnull (net);
  sl_net_set_class_names (net, names, 3);
  g_assert_cmpint (sl_checkpoint_save (net, model, err, sizeof err), ==, 0);
  sl_net_free (net);
  {
    g_autoptr(SlCatalog) catalog = sl_catalog_open (catalog_path, NULL);

    for (int i = 0; i < 12; i++)   /* unlabelled: ids 51..62 */
      g_assert_cmpint (add_image (catalog, (guint8) (100 + i)), ==, 51 + i);
  }

  for (guint s = 0; s < G_N_ELEMENTS (strategies); s++)
    {
      g_autofree char *out = run_cli (0, "next", "--catalog", catalog_path, "--model", model,
                                      "--count", "5", "--strategy", strategies[s], "--json",
                                      NULL);
      JsonArray *images = json_object_get_array_member (parse_object (parser, out), "images");
      g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
      gint64 ids[5];

      g_assert_cmpuint (json_array_get_length (images), ==, 5);
      for (guint i = 0; i < 5; i++)
        {
          JsonObject *entry = json_array_get_object_element (images, i);

          ids[i] = json_object_get_int_member (entry, "image");
          g_assert_cmpint (ids[i], >=, 51);
          g_assert_cmpint (ids[i], <=, 62);
          g_assert_true (g_hash_table_add (seen, &ids[i]));
          if (s == 1 && i > 0)
            g_assert_cmpfloat (json_object_get_double_member (entry, "uncertainty"), <=,
                               json_object_get_double_member (
                                 json_array_get_object_element (images, i - 1), "uncertainty"));
        }
    }
  g_free (run_cli (1, "next", "--catalog", catalog_path, "--model", model, "--strategy",
                   "loudest", NULL));
}

/* train --from: the new model continues from a stored one; a model that is not there is an
 * error naming it. */
static void
test_train_from (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *catalog_path = make_study (dir);
  g_autofree char *model = g_build_filename (dir, "model.slm", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *split = run_cli (0, "split", "--catalog", catalog_path, "--val", "0.2",
                                    NULL);
  g_autofree char *first = run_cli (0, "train", "--catalog", catalog_path, "--out", model,
                                    "--arch", "conv3:4,relu,gap,fc:3", "--epochs", "2",
                                    "--batch", "8", "--threads", "1", "--json", NULL);
  const char *last_line = strrchr (g_strchomp (first), '\n');
  JsonObject *summary = parse_object (parser, last_line != NULL ? last_line + 1 : first);
  gint64 first_id = json_object_get_int_member (summary, "model_id");
  g_autofree char *from = g_strdup_printf ("%" G_GINT64_FORMAT, first_id);
  g_autofree char *second = run_cli (0, "train", "--catalog", catalog_path, "--out", model,
                                     "--from", from, "--epochs", "1", "--batch", "8",
                                     "--threads", "1", "--json", NULL);

  g_assert_false (json_object_get_boolean_member (summary, "warm_started"));
  last_line = strrchr (g_strchomp (second), '\n');
  summary = parse_object (parser, last_line != NULL ? last_line + 1 : second);
  g_assert_true (json_object_get_boolean_member (summary, "warm_started"));
  g_assert_cmpint (json_object_get_int_member (summary, "model_id"), >, first_id);
  g_free (run_cli (1, "train", "--catalog", catalog_path, "--out", model, "--from", "99",
                   NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-team/agreement", test_agreement);
  g_test_add_func ("/cli-team/rule-adjudication-merge", test_rule_adjudication_and_merge);
  g_test_add_func ("/cli-team/next", test_next);
  g_test_add_func ("/cli-team/train-from", test_train_from);
  return g_test_run ();
}
