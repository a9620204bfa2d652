/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Training again while readers label: a warm start begins from the stored model's weights (its
 * first epoch's loss far below a start from scratch on the same data), falls back to scratch
 * when the classes changed, and the workspace's retrainer runs one warm-started retrain after
 * every N labels, after which the model and the label-next order are the new ones. */
#include "config.h"

#include "sl-catalog.h"
#include "sl-import-job.h"
#include "sl-label-queue.h"
#include "sl-test-util.h"
#include "sl-train-job.h"
#include "sl-workspace.h"

#define TINY_ARCH "conv3:8,bn,relu,maxpool2,conv3:16,bn,relu,gap,fc:2"
#define WIDER_ARCH "conv3:16,bn,relu,maxpool2,conv3:32,bn,relu,maxpool2,conv3:64,bn,relu,gap,fc:2"
#define EVERY 10

typedef struct
{
  SlTestTmpDir *dir;
  SlWorkspace *workspace;
  SlCatalog *catalog;   /* the workspace's */
} Fixture;

typedef struct
{
  gboolean completed;
  GError *error;
} Watch;

static void
on_completed_cb (SlJob        *job,
                 const GError *error,
                 Watch        *watch)
{
  watch->completed = TRUE;
  watch->error = error != NULL ? g_error_copy (error) : NULL;
}

/* Waits until job completed without error; start_job: it is not running yet. */
static void
wait_for (Fixture *fixture,
          SlJob   *job,
          gboolean start_job)
{
  Watch watch = { 0 };

  g_signal_connect (job, "completed", G_CALLBACK (on_completed_cb), &watch);
  if (start_job)
    sl_workspace_run_job (fixture->workspace, job);
  while (!watch.completed)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (watch.error);
}

static void
run (Fixture *fixture,
     SlJob   *job)
{
  wait_for (fixture, job, TRUE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *images = NULL;
  g_autoptr(SlImportJob) job = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[2] = { NULL, NULL };

  fixture->dir = sl_test_tmp_dir_new ();
  fixture->workspace = sl_workspace_new ();
  sl_workspace_set_annotator (fixture->workspace, "ann");
  path = g_build_filename (fixture->dir, "study.sightline", NULL);
  g_assert_true (sl_workspace_open_catalog (fixture->workspace, path, &error));
  g_assert_no_error (error);
  fixture->catalog = sl_workspace_get_catalog (fixture->workspace);

  images = g_build_filename (fixture->dir, "images", NULL);
  paths[0] = images;
  sl_test_copy_demo_subset (images, 60, 20, 10);
  job = sl_import_job_new (fixture->catalog, paths, NULL);
  run (fixture, SL_JOB (job));
  g_assert_cmpint (sl_catalog_count_images (fixture->catalog), ==, 180);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->workspace);
  sl_test_tmp_dir_free (fixture->dir);
}

static void
tiny_settings (SlTrainSettings *settings,
               const char      *arch,
               int              epochs)
{
  sl_train_settings_init (settings);
  settings->arch = g_strdup (arch);
  settings->epochs = epochs;
  settings->batch_size = 16;
  settings->seed = 3;
  settings->threads = 1;
}

/* Trains through the workspace; returns the job (its history and outcome). */
static SlTrainJob *
train (Fixture    *fixture,
       const char *arch,
       int         epochs,
       gint64      warm_start_model_id)
{
  SlTrainSettings settings;
  SlTrainJob *job;

  tiny_settings (&settings, arch, epochs);
  settings.warm_start_model_id = warm_start_model_id;
  job = sl_train_job_new (sl_catalog_get_path (fixture->catalog), &settings);
  sl_train_settings_clear (&settings);
  run (fixture, SL_JOB (job));
  return job;
}

static double
first_epoch_loss (SlTrainJob *job)
{
  GArray *history = sl_train_job_get_history (job);

  g_assert_cmpuint (history->len, >=, 1);
  return g_array_index (history, SlTrainProgress, 0).loss;
}

static void
test_warm_start_loss (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SlTrainJob) base = train (fixture, WIDER_ARCH, 30, 0);
  gint64 base_id = sl_train_job_get_outcome (base)->model_id;
  g_autoptr(SlTrainJob) cold = train (fixture, WIDER_ARCH, 1, 0);
  g_autoptr(SlTrainJob) warm = train (fixture, WIDER_ARCH, 1, base_id);
  double cold_loss = first_epoch_loss (cold), warm_loss = first_epoch_loss (warm);
  double base_last;

  base_last = g_array_index (sl_train_job_get_history (base), SlTrainProgress, 29).loss;
  g_test_message ("first-epoch loss: from scratch %.3f, warm start %.3f (the stored model's last "
                  "epoch %.3f)", cold_loss, warm_loss, base_last);
  g_assert_false (sl_train_job_get_outcome (cold)->warm_started);
  g_assert_true (sl_train_job_get_outcome (warm)->warm_started);
  /* the warm start goes on from where the stored model ended, far below a start from scratch */
  g_assert_cmpfloat (warm_loss, <, 0.6 * cold_loss);
  g_assert_cmpfloat (warm_loss, <, base_last + 0.1);
}

static void
test_warm_start_classes_changed (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(SlTrainJob) base = train (fixture, TINY_ARCH, 1, 0);
  g_autoptr(SlTrainJob) again = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sl_catalog_ensure_class (fixture->catalog, "effusion", &error), >, 0);
  g_assert_no_error (error);
  again = train (fixture, "conv3:8,bn,relu,maxpool2,conv3:16,bn,relu,gap,fc:3", 1,
                 sl_train_job_get_outcome (base)->model_id);
  g_assert_false (sl_train_job_get_outcome (again)->warm_started);
  g_assert_cmpint (sl_train_job_get_outcome (again)->model_id, >,
                   sl_train_job_get_outcome (base)->model_id);
}

typedef struct
{
  guint retrains;
  gint64 model_id;
  gboolean warm_started;
  guint train_jobs_started;
} Retrains;

static void
on_retrained_cb (SlRetrainer *retrainer,
                 gint64       model_id,
                 gboolean     warm_started,
                 Retrains    *retrains)
{
  retrains->retrains++;
  retrains->model_id = model_id;
  retrains->warm_started = warm_started;
}

static void
on_jobs_changed_cb (GListModel *jobs,
                    guint       position,
                    guint       removed,
                    guint       added,
                    Retrains   *retrains)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SlJob) job = g_list_model_get_item (jobs, i);

      retrains->train_jobs_started += SL_IS_TRAIN_JOB (job);
    }
}

/* The unlabelled images in label-next order (smallest margin first) under model_id. */
static GArray *
queue_of (SlCatalog *catalog,
          gint64     model_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlModel) model = sl_model_load_from_catalog (catalog, model_id, &error);
  GArray *queue;

  g_assert_no_error (error);
  queue = sl_label_queue_from_catalog (catalog, model, SL_QUEUE_UNCERTAINTY, 1000, 1, &error);
  g_assert_no_error (error);
  return queue;
}

static gboolean
same_order (GArray *a,
            GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_array_index (a, SlQueueEntry, i).image_id != g_array_index (b, SlQueueEntry, i).image_id)
      return FALSE;
  return TRUE;
}

static void
test_retrain_after_n_labels (Fixture       *fixture,
                             gconstpointer  data)
{
  SlRetrainer *retrainer = sl_workspace_get_retrainer (fixture->workspace);
  g_autoptr(GHashTable) truth = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) train_ids = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) old_order = NULL;
  g_autoptr(GArray) new_order = NULL;
  g_autoptr(SlTrainJob) first = NULL;
  g_autoptr(GError) error = NULL;
  SlTrainSettings settings;
  SlImageFilter filter;
  Retrains retrains = { 0 };
  gint64 first_id;

  /* a reader who has labelled a third of the train images so far */
  sl_image_filter_init (&filter);
  filter.split = SL_SPLIT_TRAIN;
  train_ids = sl_catalog_query_images (fixture->catalog, &filter, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < train_ids->len; i++)
    {
      gint64 *id = &g_array_index (train_ids, gint64, i);
      gint64 class_id = sl_catalog_get_label (fixture->catalog, *id);

      g_assert_cmpint (class_id, >, 0);
      if (i % 3 == 0)
        continue;
      g_hash_table_insert (truth, id, GINT_TO_POINTER ((int) class_id));
      g_assert_true (sl_catalog_set_label (fixture->catalog, *id, 0, "setup", &error));
      g_assert_cmpint (sl_catalog_get_label (fixture->catalog, *id), ==, 0);
    }
  first = train (fixture, TINY_ARCH, 4, 0);
  first_id = sl_train_job_get_outcome (first)->model_id;
  wait_for (fixture, sl_workspace_load_model (fixture->workspace, first_id), FALSE);
  g_assert_cmpint (sl_workspace_get_model_id (fixture->workspace), ==, first_id);

  tiny_settings (&settings, TINY_ARCH, 3);
  sl_retrainer_set_settings (retrainer, &settings);
  sl_train_settings_clear (&settings);
  g_assert_cmpint (sl_retrainer_get_every (retrainer), ==, SL_RETRAIN_EVERY_DEFAULT);
  sl_retrainer_set_every (retrainer, EVERY);
  g_signal_connect (retrainer, "retrained", G_CALLBACK (on_retrained_cb), &retrains);
  g_signal_connect (sl_workspace_get_jobs (fixture->workspace), "items-changed",
                    G_CALLBACK (on_jobs_changed_cb), &retrains);

  /* the reader labels the queue's first images: the EVERY-th starts one retrain */
  before = queue_of (fixture->catalog, first_id);
  g_assert_cmpuint (before->len, ==, g_hash_table_size (truth));
  for (int i = 0; i < EVERY; i++)
    {
      gint64 id = g_array_index (before, SlQueueEntry, i).image_id;
      int class_id = GPOINTER_TO_INT (g_hash_table_lookup (truth, &id));

      g_assert_cmpint (class_id, >, 0);
      g_assert_null (sl_retrainer_get_job (retrainer));
      g_assert_true (sl_workspace_label (fixture->workspace, id, class_id, SL_LABEL_SOURCE_HUMAN,
                                         &error));
      g_assert_no_error (error);
    }
  g_assert_nonnull (sl_retrainer_get_job (retrainer));
  g_assert_cmpint (sl_retrainer_get_pending (retrainer), ==, 0);
  g_assert_true (sl_workspace_is_busy (fixture->workspace));
  g_assert_cmpuint (retrains.train_jobs_started, ==, 1);
  while (retrains.retrains == 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (retrains.retrains, ==, 1);
  g_assert_cmpuint (retrains.train_jobs_started, ==, 1);
  g_assert_true (retrains.warm_started);
  g_assert_cmpint (retrains.model_id, >, first_id);
  g_assert_cmpint (sl_workspace_get_model_id (fixture->workspace), ==, retrains.model_id);
  g_assert_nonnull (sl_workspace_get_model (fixture->workspace));
  g_assert_null (sl_retrainer_get_job (retrainer));

  /* the same unlabelled images, now in the new model's order */
  old_order = queue_of (fixture->catalog, first_id);
  new_order = queue_of (fixture->catalog, retrains.model_id);
  g_assert_cmpuint (old_order->len, ==, before->len - EVERY);
  g_assert_cmpuint (new_order->len, ==, old_order->len);
  g_assert_false (same_order (old_order, new_order));
}

static void
label_some (Fixture *fixture,
            GArray  *ids,
            guint    from,
            guint    count)
{
  g_autoptr(GError) error = NULL;

  for (guint i = from; i < from + count; i++)
    g_assert_true (sl_workspace_label (fixture->workspace, g_array_index (ids, gint64, i), 1,
                                       SL_LABEL_SOURCE_HUMAN, &error));
  g_assert_no_error (error);
}

static void
test_retrain_needs_model_and_every (Fixture       *fixture,
                                    gconstpointer  data)
{
  SlRetrainer *retrainer = sl_workspace_get_retrainer (fixture->workspace);
  g_autoptr(SlTrainJob) first = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other = NULL;
  SlImageFilter filter;

  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (fixture->catalog, &filter, &error);

  /* no model yet: labels do not count */
  sl_retrainer_set_every (retrainer, 5);
  label_some (fixture, ids, 0, 10);
  g_assert_cmpint (sl_retrainer_get_pending (retrainer), ==, 0);
  g_assert_null (sl_retrainer_get_job (retrainer));

  /* a model, but retraining off: labels count, nothing starts */
  first = train (fixture, TINY_ARCH, 1, 0);
  wait_for (fixture, sl_workspace_load_model (fixture->workspace,
                                              sl_train_job_get_outcome (first)->model_id), FALSE);
  sl_retrainer_set_every (retrainer, 0);
  label_some (fixture, ids, 10, 10);
  g_assert_cmpint (sl_retrainer_get_pending (retrainer), ==, 10);
  g_assert_null (sl_retrainer_get_job (retrainer));
  g_assert_false (sl_workspace_is_busy (fixture->workspace));

  /* another catalog starts the count again */
  other = g_build_filename (fixture->dir, "other.sightline", NULL);
  g_assert_true (sl_workspace_open_catalog (fixture->workspace, other, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sl_retrainer_get_pending (retrainer), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/sightline/jobs/retrain/warm-start-loss", Fixture, NULL, fixture_set_up,
              test_warm_start_loss, fixture_tear_down);
  g_test_add ("/sightline/jobs/retrain/warm-start-classes-changed", Fixture, NULL,
              fixture_set_up, test_warm_start_classes_changed, fixture_tear_down);
  g_test_add ("/sightline/jobs/retrain/after-n-labels", Fixture, NULL, fixture_set_up,
              test_retrain_after_n_labels, fixture_tear_down);
  g_test_add ("/sightline/jobs/retrain/needs-model-and-every", Fixture, NULL, fixture_set_up,
              test_retrain_needs_model_and_every, fixture_tear_down);
  return g_test_run ();
}
