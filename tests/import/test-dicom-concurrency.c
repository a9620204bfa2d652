/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The decoder process of the DICOM bridge. Reading DICOM files while another thread multiplies
 * matrices with OpenBLAS (as when importing during training): decoding each file in a fork()ed
 * child ran OpenBLAS's pthread_atfork handler and hung the matrix products; the bridge must leave
 * the other thread alone. Both jobs run on their own threads and the test waits for them with a
 * deadline, so a hang fails it. Then a decoder that crashes, and one that cannot be started. */
#include <cblas.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sl-dicom.h"
#include "sl-error.h"
#include "sl-test-util.h"

#define N 192              /* matrix side: large enough for OpenBLAS to use its threads */
#define SGEMM_SECONDS 2
#define MIN_PASSES 3       /* passes over the files, and more while the products run */
#define DEADLINE_SECONDS 30

typedef struct
{
  GMutex lock;
  GCond cond;
  gboolean sgemm_done, reader_done;
  guint products, passes, files_read;
  float bad_product;       /* a wrong element of C, or 0 */
  GPtrArray *files;
} State;

static gpointer
sgemm_thread (gpointer data)
{
  State *s = data;
  g_autofree float *a = g_new (float, N * N);
  g_autofree float *b = g_new (float, N * N);
  g_autofree float *c = g_new (float, N * N);
  gint64 end = g_get_monotonic_time () + SGEMM_SECONDS * G_TIME_SPAN_SECOND;
  guint products = 0;
  float bad = 0;

  for (int i = 0; i < N * N; i++)
    {
      a[i] = 1;
      b[i] = 0.5f;
    }
  while (g_get_monotonic_time () < end)
    {
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, N, N, N, 1.0f, a, N, b, N, 0.0f,
                   c, N);
      if (c[0] != N * 0.5f || c[N * N - 1] != N * 0.5f)
        bad = c[0] != N * 0.5f ? c[0] : c[N * N - 1];
      products++;
    }

  g_mutex_lock (&s->lock);
  s->products = products;
  s->bad_product = bad;
  s->sgemm_done = TRUE;
  g_cond_broadcast (&s->cond);
  g_mutex_unlock (&s->lock);
  return NULL;
}

static gpointer
reader_thread (gpointer data)
{
  State *s = data;
  gboolean more = TRUE;

  while (more)
    {
      for (guint i = 0; i < s->files->len; i++)
        {
          g_autoptr (GError) error = NULL;
          g_autoptr (GPtrArray) frames = sl_dicom_read (g_ptr_array_index (s->files, i),
                                                        SL_IMAGE_DEFAULT_MAX_PIXELS, &error);

          g_assert_no_error (error);
          g_assert_nonnull (frames);
          g_assert_cmpuint (frames->len, >, 0);
          s->files_read++;
        }
      g_mutex_lock (&s->lock);
      s->passes++;
      more = s->passes < MIN_PASSES || !s->sgemm_done;
      g_mutex_unlock (&s->lock);
    }

  g_mutex_lock (&s->lock);
  s->reader_done = TRUE;
  g_cond_broadcast (&s->cond);
  g_mutex_unlock (&s->lock);
  return NULL;
}

static void
test_read_during_sgemm (void)
{
  g_autofree char *folder = g_build_filename (g_getenv ("SL_SHARED_DATASETS"), "dicom", "valid",
                                              NULL);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  State s = { 0 };
  gint64 deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_TIME_SPAN_SECOND;
  GThread *sgemm, *reader;
  const char *name;
  gboolean finished = TRUE;

  g_assert_nonnull (dir);
  s.files = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (s.files, g_build_filename (folder, name, NULL));
  g_assert_cmpuint (s.files->len, >=, 10);

  g_mutex_init (&s.lock);
  g_cond_init (&s.cond);
  openblas_set_num_threads (2);
  sgemm = g_thread_new ("sgemm", sgemm_thread, &s);
  reader = g_thread_new ("reader", reader_thread, &s);

  g_mutex_lock (&s.lock);
  while (finished && !(s.sgemm_done && s.reader_done))
    finished = g_cond_wait_until (&s.cond, &s.lock, deadline);
  g_mutex_unlock (&s.lock);
  if (!finished)
    {
      /* the hung threads cannot be joined, and exit() would run OpenBLAS's destructor on them */
      g_printerr ("Bail out! after %d s: matrix products %s, %u files read in %u passes\n",
                  DEADLINE_SECONDS, s.sgemm_done ? "finished" : "HUNG", s.files_read,
                  s.passes);
      _exit (1);
    }

  g_thread_join (sgemm);
  g_thread_join (reader);
  g_test_message ("%u matrix products, %u files read in %u passes", s.products, s.files_read,
                  s.passes);
  g_assert_cmpfloat (s.bad_product, ==, 0);
  g_assert_cmpuint (s.products, >, 0);
  g_assert_cmpuint (s.passes, >=, MIN_PASSES);
  g_ptr_array_unref (s.files);
  g_mutex_clear (&s.lock);
  g_cond_clear (&s.cond);
}

static char *
ct_small (void)
{
  return g_build_filename (g_getenv ("SL_SHARED_DATASETS"), "dicom", "valid", "CT_small.dcm",
                           NULL);
}

/* Reads CT_small with $SL_DICOM_DECODER set to decoder and checks the error. Run in a test
 * subprocess: the bridge looks the decoder up once per process. */
static void
expect_decoder_error (const char  *decoder,
                      SlErrorCode  code,
                      const char  *message_part)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = ct_small ();
  g_autoptr (GPtrArray) frames = NULL;

  g_setenv ("SL_DICOM_DECODER", decoder, TRUE);
  frames = sl_dicom_read (path, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);
  g_assert_null (frames);
  g_assert_error (error, SL_ERROR, (gint) code);
  g_assert_true (g_str_has_prefix (error->message, "CT_small.dcm: "));
  g_assert_nonnull (strstr (error->message, message_part));
}

static void
test_decoder_crash (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
      g_autofree char *script = g_build_filename (dir, "crashing-decoder", NULL);

      g_assert_true (g_file_set_contents (script, "#!/bin/sh\nkill -ABRT $$\n", -1, NULL));
      g_assert_cmpint (g_chmod (script, 0700), ==, 0);
      expect_decoder_error (script, SL_ERROR_CORRUPT, "crashed on this file (Aborted)");
      g_remove (script);
      g_rmdir (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_decoder_missing (void)
{
  if (g_test_subprocess ())
    {
      expect_decoder_error ("/nonexistent/sightline-dicom-decoder", SL_ERROR_FAILED,
                            "cannot start the DICOM decoder "
                            "/nonexistent/sightline-dicom-decoder: No such file");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/io/dicom/read-during-sgemm", test_read_during_sgemm);
  g_test_add_func ("/sightline/io/dicom/decoder-crash", test_decoder_crash);
  g_test_add_func ("/sightline/io/dicom/decoder-missing", test_decoder_missing);
  return g_test_run ();
}
