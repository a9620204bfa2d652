/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The workspace without a display: a catalog opened, an import and a train job run through it
 * (the jobs list and their progress observed), a job cancelled from the list, the model loaded,
 * labels undone and redone. */
#include "config.h"

#include "sl-import-job.h"
#include "sl-test-util.h"
#include "sl-train-job.h"
#include "sl-workspace.h"

#define TINY_ARCH "conv3:8,bn,relu,maxpool2,conv3:16,bn,relu,gap,fc:2"

typedef struct
{
  SlTestTmpDir *dir;
  SlWorkspace *workspace;
  guint jobs_added;
  guint jobs_removed;
  guint catalog_notified;
} Fixture;

typedef struct
{
  guint progress_notified;
  double last_fraction;
  guint epochs;
  gboolean completed;
  GError *error;
} Watch;

static void
on_jobs_changed_cb (GListModel *jobs,
                    guint       position,
                    guint       removed,
                    guint       added,
                    Fixture    *fixture)
{
  fixture->jobs_added += added;
  fixture->jobs_removed += removed;
}

static void
on_catalog_notify_cb (SlWorkspace *workspace,
                      GParamSpec  *pspec,
                      Fixture     *fixture)
{
  fixture->catalog_notified++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = sl_test_tmp_dir_new ();
  fixture->workspace = sl_workspace_new ();
  g_signal_connect (sl_workspace_get_jobs (fixture->workspace), "items-changed",
                    G_CALLBACK (on_jobs_changed_cb), fixture);
  g_signal_connect (fixture->workspace, "notify::catalog", G_CALLBACK (on_catalog_notify_cb),
                    fixture);
  g_assert_null (sl_workspace_get_catalog (fixture->workspace));
  path = g_build_filename (fixture->dir, "study.sightline", NULL);
  g_assert_true (sl_workspace_open_catalog (fixture->workspace, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->catalog_notified, ==, 1);
  g_assert_nonnull (sl_workspace_get_catalog (fixture->workspace));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->workspace);
  sl_test_tmp_dir_free (fixture->dir);
}

static void
on_progress_notify_cb (SlJob      *job,
                       GParamSpec *pspec,
                       Watch      *watch)
{
  double fraction = sl_job_get_fraction (job);

  g_assert_cmpfloat (fraction, <=, 1);
  watch->last_fraction = fraction;
  watch->progress_notified++;
}

static void
on_train_progress_cb (SlTrainJob            *job,
                      const SlTrainProgress *progress,
                      Watch                 *watch)
{
  if (progress->epoch_done)
    watch->epochs++;
}

static void
on_completed_cb (SlJob        *job,
                 const GError *error,
                 Watch        *watch)
{
  watch->completed = TRUE;
  watch->error = error != NULL ? g_error_copy (error) : NULL;
}

/* Runs job through the workspace until it completed; the list holds it meanwhile. */
static void
run (Fixture *fixture,
     SlJob   *job,
     Watch   *watch)
{
  GListModel *jobs = sl_workspace_get_jobs (fixture->workspace);
  g_autoptr(SlJob) listed = NULL;

  g_signal_connect (job, "notify::fraction", G_CALLBACK (on_progress_notify_cb), watch);
  g_signal_connect (job, "completed", G_CALLBACK (on_completed_cb), watch);
  sl_workspace_run_job (fixture->workspace, job);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 1);
  listed = g_list_model_get_item (jobs, 0);
  g_assert_true (listed == job);
  g_assert_true (sl_workspace_is_busy (fixture->workspace));
  while (!watch->completed)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 0);
  g_assert_false (sl_workspace_is_busy (fixture->workspace));
}

static void
import_demo (Fixture *fixture)
{
  g_autofree char *images = g_build_filename (fixture->dir, "images", NULL);
  const char *paths[] = { images, NULL };
  SlCatalog *catalog = sl_workspace_get_catalog (fixture->workspace);
  g_autoptr(SlImportJob) job = NULL;
  Watch watch = { 0 };

  sl_test_copy_demo_subset (images, 40, 12, 8);
  job = sl_import_job_new (catalog, paths, NULL);
  run (fixture, SL_JOB (job), &watch);
  g_assert_no_error (watch.error);
  g_assert_cmpuint (watch.progress_notified, >, 0);
  g_assert_cmpfloat (watch.last_fraction, ==, 1);
  g_assert_cmpint (sl_catalog_count_images (catalog), ==, 120);
}

/* A training job of the tiny network on the catalog, one thread. */
static SlTrainJob *
tiny_train_job (SlCatalog *catalog,
                int        epochs)
{
  SlTrainSettings settings;
  SlTrainJob *job;

  sl_train_settings_init (&settings);
  settings.arch = g_strdup (TINY_ARCH);
  settings.epochs = epochs;
  settings.batch_size = 16;
  settings.threads = 1;
  job = sl_train_job_new (sl_catalog_get_path (catalog), &settings);
  sl_train_settings_clear (&settings);
  return job;
}

static void
test_import_and_train (Fixture       *fixture,
                       gconstpointer  data)
{
  SlCatalog *catalog = sl_workspace_get_catalog (fixture->workspace);
  g_autoptr(SlTrainJob) job = NULL;
  g_autoptr(GPtrArray) models = NULL;
  Watch watch = { 0 };
  gint64 model_id;

  import_demo (fixture);
  g_assert_cmpuint (fixture->jobs_added, ==, 1);
  g_assert_cmpuint (fixture->jobs_removed, ==, 1);

  job = tiny_train_job (catalog, 2);
  g_signal_connect (job, "progress", G_CALLBACK (on_train_progress_cb), &watch);
  run (fixture, SL_JOB (job), &watch);
  g_assert_no_error (watch.error);
  g_assert_cmpuint (watch.epochs, ==, 2);
  g_assert_cmpuint (sl_train_job_get_history (job)->len, ==, 2);
  g_assert_cmpfloat (watch.last_fraction, ==, 1);
  model_id = sl_train_job_get_outcome (job)->model_id;
  g_assert_cmpint (model_id, >, 0);
  models = sl_catalog_list_models (catalog);
  g_assert_cmpuint (models->len, ==, 1);

  /* the new model, loaded as a job of the list, becomes the workspace's */
  {
    SlJob *load = sl_workspace_load_model (fixture->workspace, model_id);
    Watch load_watch = { 0 };

    g_signal_connect (load, "completed", G_CALLBACK (on_completed_cb), &load_watch);
    g_assert_cmpuint (g_list_model_get_n_items (sl_workspace_get_jobs (fixture->workspace)), ==, 1);
    while (!load_watch.completed)
      g_main_context_iteration (NULL, TRUE);
    g_assert_no_error (load_watch.error);
  }
  g_assert_cmpint (sl_workspace_get_model_id (fixture->workspace), ==, model_id);
  g_assert_nonnull (sl_workspace_get_model (fixture->workspace));
  g_assert_cmpuint (fixture->jobs_added, ==, 3);
  g_assert_cmpuint (fixture->jobs_removed, ==, 3);
}

static void
cancel_first_listed_cb (SlJob      *job,
                        GParamSpec *pspec,
                        Fixture    *fixture)
{
  g_autoptr(SlJob) listed = g_list_model_get_item (sl_workspace_get_jobs (fixture->workspace), 0);

  sl_job_cancel (listed);
}

static void
test_cancel_from_the_list (Fixture       *fixture,
                           gconstpointer  data)
{
  SlCatalog *catalog = sl_workspace_get_catalog (fixture->workspace);
  g_autoptr(SlTrainJob) job = NULL;
  g_autoptr(GPtrArray) models = NULL;
  Watch watch = { 0 };

  import_demo (fixture);
  job = tiny_train_job (catalog, 50);
  /* cancelled at its first report, as the status area's Cancel does */
  g_signal_connect (job, "notify::fraction", G_CALLBACK (cancel_first_listed_cb), fixture);
  run (fixture, SL_JOB (job), &watch);
  g_assert_error (watch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&watch.error);
  /* one report reached the handler, none after the cancel */
  g_assert_cmpuint (watch.progress_notified, ==, 1);
  models = sl_catalog_list_models (catalog);
  g_assert_cmpuint (models->len, ==, 0);
  g_assert_cmpint (sl_workspace_get_model_id (fixture->workspace), ==, 0);
}

static gint64
label_of (Fixture *fixture,
          gint64   image_id)
{
  return sl_catalog_get_label (sl_workspace_get_catalog (fixture->workspace), image_id);
}

typedef struct
{
  gboolean completed;
  GError *error;
  guint labels_changed;
  gint64 last_changed_id;
} ChangeWatch;

static void
on_change_completed_cb (SlJob        *job,
                        const GError *error,
                        ChangeWatch  *watch)
{
  watch->completed = TRUE;
  if (error != NULL)
    watch->error = g_error_copy (error);
}

static void
on_labels_changed_cb (SlCatalog   *catalog,
                      gint64       image_id,
                      ChangeWatch *watch)
{
  watch->labels_changed++;
  watch->last_changed_id = image_id;
}

/* Runs a change job of the workspace on a worker (on_worker) or on this thread and waits for
 * it; the job stays for what it touched. */
static SlChangeJob *
run_change (Fixture     *fixture,
            SlJob       *job,
            gboolean     on_worker,
            ChangeWatch *watch,
            GError     **error)
{
  SlCatalog *catalog = sl_workspace_get_catalog (fixture->workspace);
  gulong handler = g_signal_connect (catalog, "labels-changed",
                                     G_CALLBACK (on_labels_changed_cb), watch);

  g_assert_nonnull (job);
  watch->completed = FALSE;
  watch->labels_changed = 0;
  g_signal_connect (job, "completed", G_CALLBACK (on_change_completed_cb), watch);
  g_assert_true (sl_workspace_is_changing (fixture->workspace));
  if (on_worker)
    sl_workspace_run_job (fixture->workspace, job);
  else
    sl_job_run (job, NULL);
  while (!watch->completed)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (catalog, handler);
  g_assert_false (sl_workspace_is_changing (fixture->workspace));
  if (watch->error != NULL)
    g_propagate_error (error, g_steal_pointer (&watch->error));
  return SL_CHANGE_JOB (job);
}

static gint64
first_image (SlChangeJob *job)
{
  return g_array_index (sl_change_job_get_images (job), SlImageChange, 0).image_id;
}

static void
test_undo_redo (Fixture       *fixture,
                gconstpointer  data)
{
  SlCatalog *catalog = sl_workspace_get_catalog (fixture->workspace);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *other_path = NULL;
  g_autoptr(SlChangeJob) job = NULL;
  gint64 normal, pneumonia, first, second;
  ChangeWatch watch = { 0 };

  import_demo (fixture);
  classes = sl_catalog_list_classes (catalog);
  g_assert_cmpuint (classes->len, ==, 2);
  normal = ((SlClassInfo *) g_ptr_array_index (classes, 0))->id;
  pneumonia = ((SlClassInfo *) g_ptr_array_index (classes, 1))->id;
  g_assert_false (sl_workspace_can_undo (fixture->workspace));
  g_assert_null (sl_workspace_undo (fixture->workspace));

  /* images 1 and 2 get the class they do not have */
  first = label_of (fixture, 1);
  second = label_of (fixture, 2);
  g_assert_true (first == normal || first == pneumonia);
  sl_workspace_set_annotator (fixture->workspace, "tester");
  g_assert_true (sl_workspace_label (fixture->workspace, 1, first == normal ? pneumonia : normal,
                                     SL_LABEL_SOURCE_HUMAN, &error));
  g_assert_true (sl_workspace_label (fixture->workspace, 2, second == normal ? pneumonia : normal,
                                     SL_LABEL_SOURCE_HUMAN, &error));
  g_assert_no_error (error);
  g_assert_true (sl_workspace_can_undo (fixture->workspace));
  g_assert_cmpint (label_of (fixture, 2), !=, second);

  /* one image: on this thread, through the workspace's own connection */
  job = run_change (fixture, sl_workspace_undo (fixture->workspace), FALSE, &watch, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_change_job_get_step (job), ==, SL_CHANGE_UNDO);
  g_assert_cmpint (first_image (job), ==, 2);
  g_assert_cmpuint (sl_change_job_get_images (job)->len, ==, 1);
  g_assert_cmpuint (watch.labels_changed, ==, 1);
  g_assert_cmpint (watch.last_changed_id, ==, 2);
  g_assert_cmpint (label_of (fixture, 2), ==, second);
  g_clear_object (&job);
  /* on a worker: the same, and the catalog says which image changed */
  job = run_change (fixture, sl_workspace_undo (fixture->workspace), TRUE, &watch, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first_image (job), ==, 1);
  g_assert_cmpuint (watch.labels_changed, ==, 1);
  g_assert_cmpint (watch.last_changed_id, ==, 1);
  g_assert_cmpint (label_of (fixture, 1), ==, first);
  g_assert_false (sl_workspace_can_undo (fixture->workspace));
  g_assert_true (sl_workspace_can_redo (fixture->workspace));
  g_clear_object (&job);

  job = run_change (fixture, sl_workspace_redo (fixture->workspace), TRUE, &watch, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_change_job_get_step (job), ==, SL_CHANGE_REDO);
  g_assert_cmpint (first_image (job), ==, 1);
  g_assert_cmpint (label_of (fixture, 1), !=, first);
  /* a new label clears what could be redone */
  g_assert_true (sl_workspace_label (fixture->workspace, 3, normal, SL_LABEL_SOURCE_HUMAN, &error));
  g_assert_false (sl_workspace_can_redo (fixture->workspace));
  g_assert_no_error (error);

  /* undo appends rows by the annotator: the import's, the label, its undo, its redo */
  history = sl_catalog_label_history (catalog, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 4);
  g_assert_cmpstr (((SlLabelEvent *) g_ptr_array_index (history, 3))->annotator, ==, "tester");

  /* another catalog: nothing to undo there */
  other_path = g_build_filename (fixture->dir, "other.sightline", NULL);
  g_assert_true (sl_workspace_open_catalog (fixture->workspace, other_path, &error));
  g_assert_no_error (error);
  g_assert_false (sl_workspace_can_undo (fixture->workspace));
  g_assert_cmpuint (fixture->catalog_notified, ==, 2);
}

/* Many images changed at once on a worker are one undo step, stored in one transaction: a bad id
 * leaves every label as it was and records nothing; images that already have the label are left
 * out; the catalog says "many labels changed" once. */
static void
test_grouped_undo (Fixture       *fixture,
                   gconstpointer  data)
{
  SlCatalog *catalog = sl_workspace_get_catalog (fixture->workspace);
  const gint64 ids[] = { 4, 5, 6 };
  const gint64 with_bad[] = { 4, 5, 999999 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) classes = NULL;
  ChangeWatch watch = { 0 };
  SlChangeJob *job;
  gint64 before[3], normal;
  SlSplit split_before[3];

  import_demo (fixture);
  sl_workspace_set_annotator (fixture->workspace, "tester");
  classes = sl_catalog_list_classes (catalog);
  normal = ((SlClassInfo *) g_ptr_array_index (classes, 0))->id;
  for (guint i = 0; i < 3; i++)
    {
      before[i] = label_of (fixture, ids[i]);
      split_before[i] = sl_catalog_get_split (catalog, ids[i]);
      g_assert_cmpint (before[i], !=, 0);
    }

  job = run_change (fixture, sl_workspace_label_images (fixture->workspace, with_bad, 3,
                                                        normal == before[0] ? normal + 1 : normal,
                                                        SL_LABEL_SOURCE_HUMAN),
                    TRUE, &watch, &error);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_object_unref (job);
  g_assert_cmpuint (watch.labels_changed, ==, 0);
  g_assert_false (sl_workspace_can_undo (fixture->workspace));
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (label_of (fixture, ids[i]), ==, before[i]);

  job = run_change (fixture, sl_workspace_label_images (fixture->workspace, ids, 3, 0,
                                                        SL_LABEL_SOURCE_HUMAN),
                    TRUE, &watch, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sl_change_job_get_images (job)->len, ==, 3);
  g_assert_cmpuint (watch.labels_changed, ==, 1);
  g_assert_cmpint (watch.last_changed_id, ==, 0);
  g_object_unref (job);
  job = run_change (fixture, sl_workspace_set_splits (fixture->workspace, ids, 3, SL_SPLIT_VAL),
                    TRUE, &watch, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (watch.labels_changed, ==, 0);
  g_object_unref (job);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (label_of (fixture, ids[i]), ==, 0);
      g_assert_cmpint (sl_catalog_get_split (catalog, ids[i]), ==, SL_SPLIT_VAL);
    }
  /* clearing them again changes nothing: no step */
  job = run_change (fixture, sl_workspace_label_images (fixture->workspace, ids, 3, 0,
                                                        SL_LABEL_SOURCE_HUMAN),
                    TRUE, &watch, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sl_change_job_get_images (job)->len, ==, 0);
  g_assert_cmpuint (watch.labels_changed, ==, 0);
  g_object_unref (job);

  /* one undo for the splits, one for the labels */
  job = run_change (fixture, sl_workspace_undo (fixture->workspace), TRUE, &watch, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_change_job_get_kind (job), ==, SL_CHANGE_SPLITS);
  g_assert_cmpuint (sl_change_job_get_images (job)->len, ==, 3);
  g_object_unref (job);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (sl_catalog_get_split (catalog, ids[i]), ==, split_before[i]);
  job = run_change (fixture, sl_workspace_undo (fixture->workspace), TRUE, &watch, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_change_job_get_kind (job), ==, SL_CHANGE_LABELS);
  g_assert_cmpint (first_image (job), ==, 4);
  g_assert_cmpuint (sl_change_job_get_images (job)->len, ==, 3);
  g_object_unref (job);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (label_of (fixture, ids[i]), ==, before[i]);
  g_assert_false (sl_workspace_can_undo (fixture->workspace));

  job = run_change (fixture, sl_workspace_redo (fixture->workspace), TRUE, &watch, &error);
  g_assert_no_error (error);
  g_object_unref (job);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (label_of (fixture, ids[i]), ==, 0);
  job = run_change (fixture, sl_workspace_label_images (fixture->workspace, ids, 2, normal,
                                                        SL_LABEL_SOURCE_HUMAN),
                    TRUE, &watch, &error);
  g_assert_no_error (error);
  g_object_unref (job);
  g_assert_false (sl_workspace_can_redo (fixture->workspace));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/sightline/jobs/workspace/import-and-train", Fixture, NULL, fixture_set_up,
              test_import_and_train, fixture_tear_down);
  g_test_add ("/sightline/jobs/workspace/cancel-from-the-list", Fixture, NULL, fixture_set_up,
              test_cancel_from_the_list, fixture_tear_down);
  g_test_add ("/sightline/jobs/workspace/undo-redo", Fixture, NULL, fixture_set_up,
              test_undo_redo, fixture_tear_down);
  g_test_add ("/sightline/jobs/workspace/grouped-undo", Fixture, NULL, fixture_set_up,
              test_grouped_undo, fixture_tear_down);
  return g_test_run ();
}
