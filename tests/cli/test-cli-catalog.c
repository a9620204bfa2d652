/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
#include "sl-test-util.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

/* Runs the built sightline-cli (its path comes from meson) like a user would. */

typedef SlTestCatalogFixture Fixture;

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; (p = strchr (p, '\n')) != NULL; p++)
    n++;
  return n;
}

static char *
demo_dir (void)
{
  const char *root = g_getenv ("SL_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "resources", "demo-pneumoniamnist", NULL);
}

static void
test_import_demo_and_stats (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *demo = demo_dir ();
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *json = NULL, *csv = NULL;

  g_assert_cmpint (sl_test_run_cli (&out, &err, "import", "--catalog", f->catalog, demo,
                                    NULL), ==, 0);
  g_assert_cmpstr (out, ==, "imported 5827, duplicates 0, skipped 0\n");
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (sl_test_run_cli (&json, NULL, "stats", "--catalog", f->catalog, "--json",
                                    NULL), ==, 0);
  g_assert_cmpstr (json, ==,
                   "{\"images\":5827,\"classes\":[\"normal\",\"pneumonia\"],\"splits\":"
                   "{\"train\":{\"normal\":1213,\"pneumonia\":3469},"
                   "\"val\":{\"normal\":135,\"pneumonia\":389},"
                   "\"test\":{\"normal\":234,\"pneumonia\":387}},\"unlabeled\":0}\n");

  /* re-running adds nothing */
  g_assert_cmpint (sl_test_run_cli (&out, NULL, "import", "-c", f->catalog, demo, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "imported 0, duplicates 5827, skipped 0\n");
  g_clear_pointer (&out, g_free);

  /* label, history, export */
  g_assert_cmpint (sl_test_run_cli (&out, NULL, "label", "-c", f->catalog, "3", "pneumonia",
                                    "--annotator", "dr-a", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "image 3: normal → pneumonia\n");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sl_test_run_cli (NULL, &err, "label", "-c", f->catalog, "3", "cat",
                                    NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no class “cat”"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_run_cli (&out, NULL, "history", "-c", f->catalog, "3", NULL), ==, 0);
  {
    g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 3);
    g_assert_true (g_str_has_suffix (lines[0], "  import  normal"));
    g_assert_true (g_str_has_suffix (lines[1], "  dr-a  pneumonia"));
  }
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (sl_test_run_cli (&csv, NULL, "export", "-c", f->catalog, "--format", "csv",
                                    NULL), ==, 0);
  g_assert_true (g_str_has_prefix (csv, "image_id,path,sha256,label,split\n1,test/normal/"));
  g_assert_nonnull (strstr (csv, "\n3,test/normal/test_normal_0002.png,"));
  g_assert_cmpuint (count_lines (csv), ==, 5827 + 1);

  /* a new split keeps the folder splits unless told to reassign */
  g_assert_cmpint (sl_test_run_cli (&out, NULL, "split", "-c", f->catalog, "--val", "0.1", "--test",
                                    "0.1", "--seed", "3", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "1213"));
  g_clear_pointer (&out, g_free);
}

static void
test_import_exit_codes (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *demo = demo_dir ();
  g_autofree char *src = g_build_filename (demo, "val", "normal", "val_normal_0000.png", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "in", NULL);
  g_autofree char *good = g_build_filename (folder, "good.png", NULL);
  g_autofree char *bad = g_build_filename (folder, "bad.png", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "labels.csv", NULL);
  g_autofree char *contents = NULL, *out = NULL, *err = NULL;
  gsize len;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (good, contents, len, NULL));
  g_assert_true (g_file_set_contents (bad, contents, len / 2, NULL));

  g_assert_cmpint (sl_test_run_cli (&out, &err, "import", "-c", f->catalog, folder, NULL), ==, 3);
  g_assert_cmpstr (out, ==, "imported 1, duplicates 0, skipped 1\n");
  g_assert_true (g_str_has_prefix (err, bad));
  g_assert_nonnull (strstr (err, "truncated"));
  g_assert_cmpuint (count_lines (err), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* fatal: missing folder, bad CSV, a file that is not a catalog, no arguments */
  g_assert_cmpint (sl_test_run_cli (NULL, &err, "import", "-c", f->catalog, "/nonexistent/x",
                                    NULL), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent/x"));
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (csv, "good.png,normal\ngood.png,x,nosplit\n", -1, NULL));
  g_assert_cmpint (sl_test_run_cli (NULL, &err, "import", "-c", f->catalog, "--labels", csv, folder,
                                    NULL), ==, 1);
  g_assert_nonnull (strstr (err, "labels.csv:2: unknown split"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (sl_test_run_cli (NULL, &err, "import", "-c", csv, folder, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not a Sightline catalog"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (sl_test_run_cli (NULL, NULL, "import", "-c", f->catalog, NULL), ==, 1);
  g_assert_cmpint (sl_test_run_cli (NULL, NULL, "stats", "-c", "/nonexistent/cat", NULL), ==, 1);
  g_assert_false (g_file_test ("/nonexistent/cat", G_FILE_TEST_EXISTS));
  g_assert_cmpint (sl_test_run_cli (NULL, NULL, "frobnicate", NULL), ==, 1);
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  static const char *const commands[] = { "import", "stats", "split", "label", "history",
                                          "export" };
  g_autofree char *out = NULL;

  g_assert_cmpint (sl_test_run_cli (&out, NULL, "--help", NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *help = NULL;

      g_assert_nonnull (strstr (out, commands[i]));
      g_assert_cmpint (sl_test_run_cli (&help, NULL, commands[i], "--help", NULL), ==, 0);
      g_assert_nonnull (strstr (help, commands[i]));
      g_assert_nonnull (strstr (help, "--catalog"));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sightline/cli/import-demo-stats", Fixture, NULL, sl_test_catalog_setup,
              test_import_demo_and_stats, sl_test_catalog_teardown);
  g_test_add ("/sightline/cli/import-exit-codes", Fixture, NULL, sl_test_catalog_setup,
              test_import_exit_codes, sl_test_catalog_teardown);
  g_test_add ("/sightline/cli/help", Fixture, NULL, sl_test_catalog_setup, test_help,
              sl_test_catalog_teardown);

  return g_test_run ();
}
