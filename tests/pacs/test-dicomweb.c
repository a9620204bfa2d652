/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-dicomweb.h"

#include "sl-orthanc-fixture.h"

/* One Orthanc for the whole program; liver_1frame.dcm is kept back for the STOW-RS test. */
static SlOrthanc *orthanc;

static SlDicomweb *
client (void)
{
  g_autoptr(GError) error = NULL;
  SlDicomweb *web = sl_dicomweb_new (orthanc->dicomweb_url, &error);

  g_assert_no_error (error);
  sl_dicomweb_set_basic_auth (web, SL_ORTHANC_USER, SL_ORTHANC_PASSWORD);
  sl_dicomweb_set_retries (web, 2, 10);
  return web;
}

static guint
count_search (SlDicomweb            *web,
              SlDicomwebLevel        level,
              const SlDicomwebQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = sl_dicomweb_search (web, level, query, NULL, &error);

  g_assert_no_error (error);
  return items->len;
}

static void
test_search (void)
{
  g_autoptr(SlDicomweb) web = NULL;
  g_autoptr(GPtrArray) studies = NULL;
  g_autoptr(GError) error = NULL;
  SlDicomwebQuery ct = { .modality = "CT" };
  SlDicomwebQuery year_2004 = { .date_from = "20040101", .date_to = "20041231" };
  SlDicomwebQuery nothing = { .modality = "XA" };
  SlDicomwebItem *study;

  if (orthanc == NULL)
    return;
  web = client ();
  /* 13 files posted, 8 distinct instances (the MR_small variants share one SOP Instance UID,
   * as do badVR and rtdose) in 7 studies */
  g_assert_cmpuint (count_search (web, SL_DICOMWEB_STUDIES, NULL), ==, 7);
  g_assert_cmpuint (count_search (web, SL_DICOMWEB_INSTANCES, NULL), ==, 8);
  g_assert_cmpuint (count_search (web, SL_DICOMWEB_STUDIES, &year_2004), ==, 3);
  g_assert_cmpuint (count_search (web, SL_DICOMWEB_STUDIES, &nothing), ==, 0);

  studies = sl_dicomweb_search (web, SL_DICOMWEB_STUDIES, &ct, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (studies->len, ==, 1);
  study = g_ptr_array_index (studies, 0);
  g_assert_cmpstr (study->study_uid, ==, "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322");
  g_assert_cmpstr (study->modality, ==, "CT");
  g_assert_cmpstr (study->date, ==, "20040119");
  g_assert_cmpint (study->n_instances, ==, 1);
  ct.study_uid = study->study_uid;
  g_assert_cmpuint (count_search (web, SL_DICOMWEB_SERIES, &ct), ==, 1);
}

static void
test_retrieve (void)
{
  g_autoptr(SlDicomweb) web = NULL;
  g_autoptr(GPtrArray) instances = NULL;
  g_autoptr(GBytes) file = NULL, original = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("SL_SHARED_DATASETS"), "dicom", "valid",
                                            "CT_small.dcm", NULL);
  g_autofree char *contents = NULL;
  SlDicomwebQuery ct = { .modality = "CT" };
  SlDicomwebItem *instance;
  gsize length;

  if (orthanc == NULL)
    return;
  web = client ();
  instances = sl_dicomweb_search (web, SL_DICOMWEB_INSTANCES, &ct, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (instances->len, ==, 1);
  instance = g_ptr_array_index (instances, 0);
  file = sl_dicomweb_retrieve (web, instance->study_uid, instance->series_uid,
                               instance->instance_uid, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  original = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_true (g_bytes_equal (file, original));

  g_clear_pointer (&file, g_bytes_unref);
  file = sl_dicomweb_retrieve (web, instance->study_uid, instance->series_uid, "1.2.3.4.5",
                               NULL, &error);
  g_assert_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_NOT_FOUND);
  g_assert_null (file);
}

static void
test_store (void)
{
  g_autoptr(SlDicomweb) web = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("SL_SHARED_DATASETS"), "dicom", "valid",
                                            "liver_1frame.dcm", NULL);
  g_autofree char *contents = NULL;
  SlDicomwebQuery query = { 0 };
  gsize length;

  if (orthanc == NULL)
    return;
  web = client ();
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  file = g_bytes_new_take (g_steal_pointer (&contents), length);
  query.study_uid = "1.2.392.200103.20080913.113635.0.2009.6.22.21.43.10.22941.1";
  g_assert_cmpuint (count_search (web, SL_DICOMWEB_INSTANCES, &query), ==, 0);
  sl_dicomweb_store (web, query.study_uid, &file, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_search (web, SL_DICOMWEB_INSTANCES, &query), ==, 1);
}

static void
test_changes (void)
{
  g_autoptr(SlDicomweb) web = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last = 0, newest = 0;
  gboolean done = FALSE;
  SlDicomwebChange *first;

  if (orthanc == NULL)
    return;
  web = client ();
  g_assert_true (sl_dicomweb_changes_last (web, &newest, NULL, &error));
  g_assert_no_error (error);
  changes = sl_dicomweb_changes (web, 0, 1000, &last, &done, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (done);
  g_assert_cmpint (last, ==, newest);
  g_assert_cmpuint (changes->len, >=, 8);
  first = g_ptr_array_index (changes, 0);
  g_assert_cmpstr (first->instance_uid, ==, "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322");
  g_assert_cmpstr (first->study_uid, ==, "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322");

  g_clear_pointer (&changes, g_ptr_array_unref);
  changes = sl_dicomweb_changes (web, last, 1000, &last, &done, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 0);
}

static void
test_wrong_password (void)
{
  g_autoptr(SlDicomweb) web = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  if (orthanc == NULL)
    return;
  web = sl_dicomweb_new (orthanc->dicomweb_url, &error);
  g_assert_no_error (error);
  sl_dicomweb_set_basic_auth (web, SL_ORTHANC_USER, "wrong-secret");
  items = sl_dicomweb_search (web, SL_DICOMWEB_STUDIES, NULL, NULL, &error);
  g_assert_null (items);
  g_assert_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "401"));
  g_assert_null (strstr (error->message, "wrong-secret"));
}

static void
test_unreachable (void)
{
  g_autoptr(SlDicomweb) web = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  /* a port that was free a moment ago */
  web = sl_dicomweb_new ("http://127.0.0.1:9/dicom-web", &error);
  g_assert_no_error (error);
  sl_dicomweb_set_retries (web, 3, 10);
  items = sl_dicomweb_search (web, SL_DICOMWEB_STUDIES, NULL, NULL, &error);
  g_assert_null (items);
  g_assert_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "127.0.0.1:9"));
}

static void
test_bad_url (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (sl_dicomweb_new ("pacs.example:8042", &error));
  g_assert_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_INVALID_URL);
  g_clear_error (&error);
  g_assert_null (sl_dicomweb_new ("http://user:secret@pacs.example/dicom-web", &error));
  g_assert_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_INVALID_URL);
  g_assert_null (strstr (error->message, "secret"));
}

static void
test_garbage (void)
{
  const char *answers[] = {
    "HTTP/1.1 200 OK\r\nContent-Type: application/dicom+json\r\nContent-Length: 15\r\n"
    "Connection: close\r\n\r\n<html>oops</ht>",
    NULL
  };
  g_autoptr(SlCannedServer) server = sl_canned_server_new (answers);
  g_autoptr(SlDicomweb) web = sl_dicomweb_new (sl_canned_server_get_url (server), NULL);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GError) error = NULL;

  items = sl_dicomweb_search (web, SL_DICOMWEB_STUDIES, NULL, NULL, &error);
  g_assert_null (items);
  g_assert_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_MALFORMED);
  g_clear_error (&error);
  file = sl_dicomweb_retrieve (web, "1.2", "1.2.3", "1.2.3.4", NULL, &error);
  g_assert_null (file);
  g_assert_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "/studies/1.2/series/1.2.3/instances/1.2.3.4"));
}

/* A 503 is transient: retried after a pause, with the bearer token each time. */
static void
test_retry_and_bearer (void)
{
  const char *answers[] = {
    "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    "HTTP/1.1 200 OK\r\nContent-Type: application/dicom+json\r\nContent-Length: 2\r\n"
    "Connection: close\r\n\r\n[]",
    NULL
  };
  g_autoptr(SlCannedServer) server = sl_canned_server_new (answers);
  g_autoptr(SlDicomweb) web = sl_dicomweb_new (sl_canned_server_get_url (server), NULL);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *second = NULL;

  sl_dicomweb_set_bearer (web, "token-123");
  sl_dicomweb_set_retries (web, 3, 10);
  items = sl_dicomweb_search (web, SL_DICOMWEB_STUDIES, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 0);
  g_assert_cmpuint (sl_canned_server_count (server), ==, 2);
  second = sl_canned_server_request (server, 1);
  g_assert_nonnull (strstr (second, "Authorization: Bearer token-123\r\n"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  orthanc = sl_orthanc_start ();
  if (orthanc != NULL)
    {
      sl_orthanc_post_valid_files (orthanc, "liver_1frame.dcm");
    }

  g_test_add_func ("/sightline/pacs/dicomweb/search", test_search);
  g_test_add_func ("/sightline/pacs/dicomweb/retrieve", test_retrieve);
  g_test_add_func ("/sightline/pacs/dicomweb/changes", test_changes);
  g_test_add_func ("/sightline/pacs/dicomweb/store", test_store);
  g_test_add_func ("/sightline/pacs/dicomweb/wrong-password", test_wrong_password);
  g_test_add_func ("/sightline/pacs/dicomweb/unreachable", test_unreachable);
  g_test_add_func ("/sightline/pacs/dicomweb/bad-url", test_bad_url);
  g_test_add_func ("/sightline/pacs/dicomweb/garbage", test_garbage);
  g_test_add_func ("/sightline/pacs/dicomweb/retry-and-bearer", test_retry_and_bearer);
  status = g_test_run ();
  sl_orthanc_stop (orthanc);
  return status;
}
