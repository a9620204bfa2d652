/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "sl-import-job.h"
#include "sl-test-util.h"

typedef struct
{
  GMainLoop *loop;
  GThread *main_thread;
  guint progress_calls;
  guint images_changed;
  guint completed;
  double last_fraction;
  gboolean ok;
  SlImportStats stats;
  GStrv notices;
  GError *error;
} State;

static void
on_progress (SlJob      *job,
             GParamSpec *pspec,
             gpointer    user_data)
{
  State *state = user_data;
  double fraction = sl_job_get_fraction (job);
  g_autofree char *message = sl_job_dup_message (job);

  g_assert_true (g_thread_self () == state->main_thread);
  g_assert_cmpfloat (fraction, >=, state->last_fraction);
  g_assert_cmpfloat (fraction, <=, 1);
  g_assert_nonnull (message);
  state->last_fraction = fraction;
  state->progress_calls++;
}

static void
on_completed (SlJob        *job,
              const GError *error,
              gpointer      user_data)
{
  State *state = user_data;

  g_assert_true (g_thread_self () == state->main_thread);
  state->completed++;
}

static void
on_images_changed (SlCatalog *catalog,
                   gpointer   user_data)
{
  State *state = user_data;

  g_assert_true (g_thread_self () == state->main_thread);
  state->images_changed++;
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SlImportJob *job = SL_IMPORT_JOB (source);
  State *state = user_data;

  /* ::completed came first */
  g_assert_cmpuint (state->completed, ==, 1);
  g_assert_true (sl_job_is_completed (SL_JOB (job)));
  state->ok = sl_job_run_finish (SL_JOB (job), result, &state->error);
  sl_import_job_get_stats (job, &state->stats);
  state->notices = sl_import_job_dup_notices (job);
  g_main_loop_quit (state->loop);
}

static void
run_job (SlImportJob *job,
         State       *state)
{
  state->loop = g_main_loop_new (NULL, FALSE);
  state->main_thread = g_thread_self ();
  g_signal_connect (job, "notify::fraction", G_CALLBACK (on_progress), state);
  g_signal_connect (job, "completed", G_CALLBACK (on_completed), state);
  sl_job_run_async (SL_JOB (job), on_done, state);
  g_main_loop_run (state->loop);
  g_main_loop_unref (state->loop);
  /* what is still queued (a stale progress idle) lets go of the job */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_job (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *path = g_build_filename (dir, "cat.sightline", NULL);
  g_autofree char *val = g_build_filename (g_getenv ("SL_SOURCE_ROOT"), "resources",
                                           "demo-pneumoniamnist", "val", NULL);
  g_autoptr(GError) error = NULL;
  SlCatalog *catalog = sl_catalog_open (path, &error);
  State state = { 0 };
  const char *paths[] = { val, NULL };
  SlImportJob *job;

  g_assert_no_error (error);
  g_signal_connect (catalog, "images-changed", G_CALLBACK (on_images_changed), &state);

  job = sl_import_job_new (catalog, paths, NULL);
  g_assert_cmpstr (sl_job_get_title (SL_JOB (job)), !=, NULL);
  run_job (job, &state);
  g_assert_finalize_object (job);

  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  g_assert_cmpuint (state.stats.imported, ==, 524);
  g_assert_cmpuint (state.stats.committed, ==, 524);
  g_assert_cmpuint (g_strv_length (state.notices), ==, 0);
  g_assert_cmpuint (state.progress_calls, >, 0);
  g_assert_cmpfloat (state.last_fraction, ==, 1);
  g_assert_cmpuint (state.images_changed, >=, 1);
  g_assert_cmpint (sl_catalog_count_images (catalog), ==, 524);
  g_strfreev (state.notices);

  /* cancelled before it starts: nothing is added, no progress is delivered */
  {
    State cancelled = { 0 };

    job = sl_import_job_new (catalog, paths, NULL);
    sl_job_cancel (SL_JOB (job));
    run_job (job, &cancelled);
    g_assert_finalize_object (job);
    g_assert_false (cancelled.ok);
    g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (cancelled.progress_calls, ==, 0);
    g_clear_error (&cancelled.error);
    g_strfreev (cancelled.notices);
  }

  g_assert_finalize_object (catalog);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
        g_unlink (file);
      }
    g_rmdir (dir);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/import/job", test_job);
  return g_test_run ();
}
