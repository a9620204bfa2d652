/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pacs query and pacs import against a real Orthanc holding the shared valid DICOM files. */
#include "sl-catalog.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sl-orthanc-fixture.h"
#include "sl-test-util.h"

static SlOrthanc *orthanc;
static char *work_dir;

static guint
json_array_length_of (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  return json_array_get_length (json_node_get_array (json_parser_get_root (parser)));
}

static void
test_query (void)
{
  g_autofree char *all = NULL, *ct = NULL, *since = NULL, *table = NULL, *err = NULL;
  g_autofree char *described = NULL;

  if (orthanc == NULL)
    return;
  g_assert_cmpint (sl_test_run_cli (&all, NULL, "pacs", "query", "--url", orthanc->dicomweb_url,
                                    "--user", SL_ORTHANC_USER, "--json", NULL), ==, 0);
  g_assert_cmpuint (json_array_length_of (all), ==, 8);
  g_assert_cmpint (sl_test_run_cli (&ct, NULL, "pacs", "query", "--url", orthanc->dicomweb_url,
                                    "--user", SL_ORTHANC_USER, "--modality", "CT", "--json",
                                    NULL), ==, 0);
  g_assert_cmpuint (json_array_length_of (ct), ==, 1);
  g_assert_nonnull (strstr (ct, "\"study_uid\":\"1.3.6.1.4.1.5962.1.2.1.20040119072730.12322\""));
  g_assert_cmpint (sl_test_run_cli (&since, NULL, "pacs", "query", "--url",
                                    orthanc->dicomweb_url, "--user", SL_ORTHANC_USER, "--since",
                                    "20040101", "--json", NULL), ==, 0);
  g_assert_cmpuint (json_array_length_of (since), ==, 4);
  g_assert_cmpint (sl_test_run_cli (&described, NULL, "pacs", "query", "--url",
                                    orthanc->dicomweb_url, "--user", SL_ORTHANC_USER,
                                    "--description", "Body", "--json", NULL), ==, 0);
  g_assert_cmpuint (json_array_length_of (described), ==, 1);
  g_assert_nonnull (strstr (described, "\"description\":\"Whole Body Bone\""));
  g_assert_cmpint (sl_test_run_cli (&table, NULL, "pacs", "query", "--url",
                                    orthanc->dicomweb_url, "--user", SL_ORTHANC_USER, NULL), ==, 0);
  g_assert_nonnull (strstr (table, "8 studies\n"));
  g_assert_cmpint (sl_test_run_cli (NULL, &err, "pacs", "query", "--url", orthanc->dicomweb_url,
                                    "--since", "2004-01-01", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "YYYYMMDD"));
}

static void
assert_file_lacks (const char *path,
                   const char *text)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (g_file_get_contents (path, &contents, &length, NULL))
    g_assert_null (g_strstr_len (contents, (gssize) length, text));
}

/* The catalog file holds no patient name (the importer de-identified what the PACS sent) and no
 * password; the export of its images no UID. */
static void
assert_no_phi (const char *catalog_path)
{
  g_autofree char *wal = g_strconcat (catalog_path, "-wal", NULL);
  g_autofree char *csv = g_strconcat (catalog_path, ".csv", NULL);

  g_assert_true (g_file_test (catalog_path, G_FILE_TEST_EXISTS));
  assert_file_lacks (catalog_path, "CompressedSamples");
  assert_file_lacks (wal, "CompressedSamples");
  assert_file_lacks (catalog_path, SL_ORTHANC_PASSWORD);
  assert_file_lacks (wal, SL_ORTHANC_PASSWORD);
  g_assert_cmpint (sl_test_run_cli (NULL, NULL, "export", "--catalog", catalog_path, "--format",
                                    "csv", "--out", csv, NULL), ==, 0);
  g_assert_true (g_file_test (csv, G_FILE_TEST_EXISTS));
  assert_file_lacks (csv, "1.3.6.1.4.1.5962");   /* the prefix of several of the files' UIDs */
}

static void
test_import (void)
{
  g_autofree char *catalog = g_build_filename (work_dir, "pacs.sightline", NULL);
  g_autofree char *files_catalog = g_build_filename (work_dir, "files.sightline", NULL);
  g_autofree char *valid = g_build_filename (g_getenv ("SL_SHARED_DATASETS"), "dicom", "valid",
                                             NULL);
  g_autofree char *first = NULL, *second = NULL, *err = NULL;
  g_autoptr(SlCatalog) from_pacs = NULL, from_files = NULL;
  g_autoptr(GError) error = NULL;
  SlImageFilter filter;
  g_autoptr(GArray) ids = NULL;

  if (orthanc == NULL)
    return;
  /* Orthanc keeps 9 instances of the 14 files: five share one SOP Instance UID, two another */
  g_assert_cmpint (sl_test_run_cli (&first, &err, "pacs", "import", "--catalog", catalog,
                                    "--url", orthanc->dicomweb_url, "--user", SL_ORTHANC_USER,
                                    NULL), ==, 0);
  g_assert_cmpstr (first, ==, "imported 9, duplicates 0, skipped 0\n");
  g_assert_null (strstr (err, SL_ORTHANC_PASSWORD));
  g_assert_cmpint (sl_test_run_cli (&second, NULL, "pacs", "import", "--catalog", catalog,
                                    "--url", orthanc->dicomweb_url, "--user", SL_ORTHANC_USER,
                                    NULL), ==, 0);
  g_assert_cmpstr (second, ==, "imported 0, duplicates 9, skipped 0\n");
  assert_no_phi (catalog);

  /* the same pixels as importing the files themselves */
  g_assert_cmpint (sl_test_run_cli (NULL, NULL, "import", "--catalog", files_catalog, valid,
                                    NULL), ==, 0);
  from_pacs = sl_catalog_open (catalog, &error);
  g_assert_no_error (error);
  from_files = sl_catalog_open (files_catalog, &error);
  g_assert_no_error (error);
  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (from_pacs, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 9);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(SlImageInfo) info = sl_catalog_get_image_info (from_pacs,
                                                               g_array_index (ids, gint64, i),
                                                               &error);

      g_assert_no_error (error);
      g_assert_cmpstr (info->source_name, ==, "");   /* DICOM: no file name kept */
      g_assert_true (sl_catalog_has_sha256 (from_files, info->sha256));
    }
}

static void
test_import_one_study (void)
{
  g_autofree char *catalog = g_build_filename (work_dir, "one-study.sightline", NULL);
  g_autofree char *out = NULL;

  if (orthanc == NULL)
    return;
  g_assert_cmpint (sl_test_run_cli (&out, NULL, "pacs", "import", "--catalog", catalog,
                                    "--url", orthanc->dicomweb_url, "--user", SL_ORTHANC_USER,
                                    "--study", "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322",
                                    "--study", "1.3.6.1.4.1.5962.1.2.4.20040826185059.5457",
                                    NULL), ==, 0);
  g_assert_cmpstr (out, ==, "imported 2, duplicates 0, skipped 0\n");
  g_clear_pointer (&out, g_free);
  /* the rest of the CT study's instances are not CT: nothing more */
  g_assert_cmpint (sl_test_run_cli (&out, NULL, "pacs", "import", "--catalog", catalog,
                                    "--url", orthanc->dicomweb_url, "--user", SL_ORTHANC_USER,
                                    "--modality", "MR", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "imported 0, duplicates 1, skipped 0\n");
}

static void
test_wrong_password (void)
{
  g_autofree char *catalog = g_build_filename (work_dir, "denied.sightline", NULL);
  g_autofree char *err = NULL;

  if (orthanc == NULL)
    return;
  g_setenv ("SIGHTLINE_PACS_PASSWORD", "not-the-password", TRUE);
  g_assert_cmpint (sl_test_run_cli (NULL, &err, "pacs", "import", "--catalog", catalog,
                                    "--url", orthanc->dicomweb_url, "--user", SL_ORTHANC_USER,
                                    NULL), ==, 1);
  g_setenv ("SIGHTLINE_PACS_PASSWORD", SL_ORTHANC_PASSWORD, TRUE);
  g_assert_nonnull (strstr (err, "authentication failed (HTTP 401)"));
  g_assert_null (strstr (err, "not-the-password"));
}

static void
test_bad_url (void)
{
  g_autofree char *catalog = g_build_filename (work_dir, "bad.sightline", NULL);
  g_autofree char *scheme = NULL, *nobody = NULL;

  g_assert_cmpint (sl_test_run_cli (NULL, &scheme, "pacs", "query", "--url", "pacs:8042", NULL),
                   ==, 1);
  g_assert_nonnull (strstr (scheme, "“pacs:8042” is not an http:// or https:// URL"));
  /* port 9 (discard) has no listener on loopback */
  g_assert_cmpint (sl_test_run_cli (NULL, &nobody, "pacs", "import", "--catalog", catalog,
                                    "--url", "http://127.0.0.1:9/dicom-web", NULL), ==, 1);
  g_assert_nonnull (strstr (nobody, "http://127.0.0.1:9/dicom-web/studies: cannot reach the "
                                    "server"));
}

static void
test_garbage (void)
{
  const char *answers[] = {
    "HTTP/1.1 200 OK\r\nContent-Type: application/dicom+json\r\nContent-Length: 9\r\n"
    "Connection: close\r\n\r\n{\"a\": [1,",
    NULL
  };
  g_autoptr(SlCannedServer) server = sl_canned_server_new (answers);
  g_autofree char *err = NULL;

  g_assert_cmpint (sl_test_run_cli (NULL, &err, "pacs", "query", "--url",
                                    sl_canned_server_get_url (server), NULL), ==, 1);
  g_assert_nonnull (strstr (err, "/dicom-web/studies: malformed answer"));
}

/* An instance without pixels is skipped, named on stderr, and import exits 3 as for files. Runs
 * last: it adds the instance to the server. */
static void
test_import_skipped (void)
{
  g_autofree char *catalog = g_build_filename (work_dir, "skipped.sightline", NULL);
  g_autofree char *plan = g_build_filename (g_getenv ("SL_SHARED_DATASETS"), "dicom",
                                            "not-images", "rtplan.dcm", NULL);
  g_autofree char *out = NULL, *err = NULL;

  if (orthanc == NULL)
    return;
  g_assert_cmpuint (sl_orthanc_post_file (orthanc, plan), ==, 200);
  g_assert_cmpint (sl_test_run_cli (&out, &err, "pacs", "import", "--catalog", catalog,
                                    "--url", orthanc->dicomweb_url, "--user", SL_ORTHANC_USER,
                                    "--study", "1.22.333.4.555555.6.7777777777777777777777777777",
                                    NULL), ==, 3);
  g_assert_cmpstr (out, ==, "imported 0, duplicates 0, skipped 1\n");
  g_assert_true (g_str_has_prefix (err, "pacs-1.dcm: "));
}

/* Credentials from files: a bearer token, or a user with a password; neither is printed. */
static void
test_credential_files (void)
{
  const char *answers[] = {
    "HTTP/1.1 200 OK\r\nContent-Type: application/dicom+json\r\nContent-Length: 2\r\n"
    "Connection: close\r\n\r\n[]",
    NULL
  };
  g_autoptr(SlCannedServer) server = sl_canned_server_new (answers);
  g_autofree char *token = g_build_filename (work_dir, "token", NULL);
  g_autofree char *password = g_build_filename (work_dir, "password", NULL);
  g_autofree char *out = NULL, *err = NULL, *first = NULL, *second = NULL;
  g_autofree char *basic = g_base64_encode ((const guchar *) "reader:file-Pa55",
                                            strlen ("reader:file-Pa55"));
  g_autofree char *expected = g_strdup_printf ("Authorization: Basic %s\r\n", basic);

  g_assert_true (g_file_set_contents (token, "tok-42\n", -1, NULL));
  g_assert_true (g_file_set_contents (password, "file-Pa55\nignored\n", -1, NULL));
  g_assert_cmpint (sl_test_run_cli (&out, &err, "pacs", "query", "--url",
                                    sl_canned_server_get_url (server), "--token-file", token,
                                    NULL), ==, 0);
  g_assert_cmpstr (out, ==, "0 studies\n");
  first = sl_canned_server_request (server, 0);
  g_assert_nonnull (strstr (first, "Authorization: Bearer tok-42\r\n"));
  g_assert_null (strstr (err, "tok-42"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sl_test_run_cli (&out, &err, "pacs", "query", "--url",
                                    sl_canned_server_get_url (server), "--user", "reader",
                                    "--password-file", password, NULL), ==, 0);
  second = sl_canned_server_request (server, 1);
  g_assert_nonnull (strstr (second, expected));
  g_assert_null (strstr (out, "file-Pa55"));
  g_assert_null (strstr (err, "file-Pa55"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("SIGHTLINE_PACS_PASSWORD", SL_ORTHANC_PASSWORD, TRUE);
  work_dir = g_dir_make_tmp ("sl-pacs-cli-XXXXXX", NULL);
  orthanc = sl_orthanc_start ();
  if (orthanc != NULL)
    {
      sl_orthanc_post_valid_files (orthanc, NULL);
      g_assert_cmpint (sl_orthanc_count_instances (orthanc), ==, 9);
    }

  g_test_add_func ("/sightline/pacs/cli/query", test_query);
  g_test_add_func ("/sightline/pacs/cli/import", test_import);
  g_test_add_func ("/sightline/pacs/cli/import-one-study", test_import_one_study);
  g_test_add_func ("/sightline/pacs/cli/wrong-password", test_wrong_password);
  g_test_add_func ("/sightline/pacs/cli/bad-url", test_bad_url);
  g_test_add_func ("/sightline/pacs/cli/garbage", test_garbage);
  g_test_add_func ("/sightline/pacs/cli/credential-files", test_credential_files);
  g_test_add_func ("/sightline/pacs/cli/import-skipped", test_import_skipped);
  status = g_test_run ();
  sl_orthanc_stop (orthanc);
  sl_test_remove_tree (work_dir);
  g_free (work_dir);
  return status;
}
