/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "sl-import-job.h"
#include "sl-test-util.h"

typedef struct
{
  SlCatalog *catalog;
  GMainLoop *loop;
  GThread *main_thread;
  guint progress_calls;
  guint images_changed;
  SlImportStats last;
  gboolean ok;
  SlImportStats stats;
  GStrv notices;
  GError *error;
} State;

static void
on_progress (const SlImportStats *stats,
             gpointer             user_data)
{
  State *state = user_data;

  g_assert_true (g_thread_self () == state->main_thread);
  g_assert_cmpuint (stats->done, >=, state->last.done);
  state->last = *stats;
  state->progress_calls++;
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
  State *state = user_data;
  state->ok = sl_import_job_run_finish (state->catalog, result, &state->stats, &state->notices,
                                        &state->error);
  g_main_loop_quit (state->loop);
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

  g_assert_no_error (error);
  g_signal_connect (catalog, "images-changed", G_CALLBACK (on_images_changed), &state);

  state.catalog = catalog;
  state.loop = g_main_loop_new (NULL, FALSE);
  state.main_thread = g_thread_self ();
  sl_import_job_run_async (catalog, paths, NULL, on_progress, &state, NULL, NULL,
                           on_done, &state);
  g_main_loop_run (state.loop);
  g_main_loop_unref (state.loop);

  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  g_assert_cmpuint (state.stats.imported, ==, 524);
  g_assert_cmpuint (state.stats.committed, ==, 524);
  g_assert_cmpuint (g_strv_length (state.notices), ==, 0);
  g_assert_cmpuint (state.progress_calls, >, 0);
  g_assert_cmpuint (state.images_changed, >=, 1);
  g_assert_cmpint (sl_catalog_count_images (catalog), ==, 524);
  g_strfreev (state.notices);

  /* cancelled before it starts: nothing is added, no progress is delivered */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    State cancelled = { 0 };

    g_cancellable_cancel (cancellable);
    cancelled.catalog = catalog;
    cancelled.loop = g_main_loop_new (NULL, FALSE);
    cancelled.main_thread = g_thread_self ();
    sl_import_job_run_async (catalog, paths, NULL, on_progress, &cancelled, NULL, cancellable,
                             on_done, &cancelled);
    g_main_loop_run (cancelled.loop);
    g_main_loop_unref (cancelled.loop);
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
