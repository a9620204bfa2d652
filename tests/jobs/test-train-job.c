/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <math.h>

#include "sl-catalog.h"
#include "sl-error.h"
#include "sl-evaluate.h"
#include "sl-importer.h"
#include "sl-json.h"
#include "sl-model.h"
#include "sl-test-util.h"
#include "sl-train-job.h"

#define TINY_ARCH "conv3:8,bn,relu,maxpool2,conv3:16,bn,relu,gap,fc:2"

typedef struct
{
  char *dir;
  char *catalog_path;
  SlCatalog *catalog;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImporter) importer = NULL;
  g_autofree char *images = NULL;
  SlImportStats stats;

  fixture->dir = sl_test_tmp_dir_new ();
  images = g_build_filename (fixture->dir, "images", NULL);
  sl_test_copy_demo_subset (images, 60, 20, 20);

  fixture->catalog_path = g_build_filename (fixture->dir, "test.sightline", NULL);
  fixture->catalog = sl_catalog_open (fixture->catalog_path, &error);
  g_assert_no_error (error);

  importer = sl_importer_new (fixture->catalog);
  sl_importer_add_path (importer, images);
  g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.imported, ==, 200);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->catalog);
  sl_test_tmp_dir_free (fixture->dir);
  g_free (fixture->catalog_path);
}

static void
tiny_settings (SlTrainSettings *settings,
               int              epochs)
{
  sl_train_settings_init (settings);
  settings->arch = g_strdup (TINY_ARCH);
  settings->epochs = epochs;
  settings->batch_size = 32;
  settings->seed = 7;
  settings->threads = 1;
}

/* Trains on this thread; progress (may be NULL) gets every report. */
static gboolean
run_train (const char             *catalog_path,
           const SlTrainSettings  *settings,
           GCallback               progress,
           gpointer                user_data,
           SlTrainOutcome         *outcome,
           GError                **error)
{
  g_autoptr(SlTrainJob) job = sl_train_job_new (catalog_path, settings);

  if (progress != NULL)
    g_signal_connect (job, "progress", progress, user_data);
  if (!sl_job_run (SL_JOB (job), error))
    return FALSE;
  if (outcome != NULL)
    *outcome = *sl_train_job_get_outcome (job);
  return TRUE;
}

static void
count_epochs_cb (SlTrainJob            *job,
                 const SlTrainProgress *progress,
                 gpointer               user_data)
{
  int *epochs = user_data;

  if (progress->epoch_done)
    {
      g_assert_cmpint (progress->epoch, ==, *epochs + 1);
      g_assert_true (progress->val_accuracy >= 0 && progress->val_accuracy <= 1);
      (*epochs)++;
    }
}

static void
test_train_stores_model_and_predictions (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(JsonObject) metrics = NULL;
  SlTrainSettings settings;
  SlTrainOutcome outcome = { 0 };
  SlImageFilter filter;
  SlModelInfo *info;
  int epochs = 0;

  tiny_settings (&settings, 3);
  g_assert_true (run_train (fixture->catalog_path, &settings, G_CALLBACK (count_epochs_cb),
                            &epochs, &outcome, &error));
  g_assert_no_error (error);
  sl_train_settings_clear (&settings);

  g_assert_cmpint (epochs, ==, 3);
  g_assert_cmpint (outcome.epochs_run, ==, 3);
  g_assert_cmpint (outcome.model_id, >, 0);
  g_assert_cmpint (outcome.best_epoch, >=, 1);
  g_assert_cmpfloat (outcome.images_per_second, >, 0);

  models = sl_catalog_list_models (fixture->catalog);
  g_assert_cmpuint (models->len, ==, 1);
  info = g_ptr_array_index (models, 0);
  g_assert_cmpint (info->id, ==, outcome.model_id);
  g_assert_cmpstr (info->arch, ==, TINY_ARCH);
  metrics = sl_json_parse_object (info->metrics_json, "metrics", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (metrics, "history")), ==,
                    3);
  g_assert_cmpfloat (sl_json_number (metrics, "train_images", 0), ==, 120);

  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (fixture->catalog, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 200);
  for (guint i = 0; i < ids->len; i++)
    {
      float probs[2] = { -1, -1 };

      g_assert_true (sl_catalog_get_prediction (fixture->catalog, outcome.model_id,
                                                g_array_index (ids, gint64, i), probs, 2));
      g_assert_cmpfloat_with_epsilon (probs[0] + probs[1], 1.0, 1e-4);
    }
}

static void
test_train_is_deterministic (Fixture       *fixture,
                             gconstpointer  data)
{
  SlTrainOutcome first = { 0 }, second = { 0 };
  SlTrainSettings settings;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  SlImageFilter filter;

  tiny_settings (&settings, 2);
  g_assert_true (run_train (fixture->catalog_path, &settings, NULL, NULL, &first, &error));
  g_assert_true (run_train (fixture->catalog_path, &settings, NULL, NULL, &second, &error));
  g_assert_no_error (error);
  sl_train_settings_clear (&settings);

  g_assert_cmpint (first.model_id, !=, second.model_id);
  g_assert_cmpfloat (first.best_val_accuracy, ==, second.best_val_accuracy);
  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (fixture->catalog, &filter, &error);
  for (guint i = 0; i < ids->len; i++)
    {
      float a[2], b[2];
      gint64 id = g_array_index (ids, gint64, i);

      g_assert_true (sl_catalog_get_prediction (fixture->catalog, first.model_id, id, a, 2));
      g_assert_true (sl_catalog_get_prediction (fixture->catalog, second.model_id, id, b, 2));
      g_assert_cmpfloat (a[0], ==, b[0]);
    }
}

static void
cancel_at_second_batch_cb (SlTrainJob            *job,
                           const SlTrainProgress *progress,
                           gpointer               user_data)
{
  if (progress->batch >= 2)
    sl_job_cancel (SL_JOB (job));
}

static void
test_train_cancel_writes_nothing (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) models = NULL;
  SlTrainSettings settings;

  tiny_settings (&settings, 50);
  g_assert_false (run_train (fixture->catalog_path, &settings,
                             G_CALLBACK (cancel_at_second_batch_cb), NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  sl_train_settings_clear (&settings);

  models = sl_catalog_list_models (fixture->catalog);
  g_assert_cmpuint (models->len, ==, 0);
}

static void
cancel_in_third_epoch_cb (SlTrainJob            *job,
                          const SlTrainProgress *progress,
                          gpointer               user_data)
{
  if (progress->epoch == 3)
    sl_job_cancel (SL_JOB (job));
}

/* Cancelled before an epoch ended there is nothing to keep; after two, the best of them is
 * kept by a second job exactly as a finished run is stored, or discarded. */
static void
test_train_cancel_keeps_best (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlTrainJob) early = NULL;
  g_autoptr(SlTrainJob) cancelled = NULL;
  g_autoptr(SlTrainJob) discarded = NULL;
  g_autoptr(SlTrainJob) keep = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(JsonObject) metrics = NULL;
  g_autoptr(GArray) ids = NULL;
  const SlTrainOutcome *outcome;
  SlTrainSettings settings;
  SlImageFilter filter;
  double accuracy, auc;
  int epoch = 0;
  float probs[2];

  tiny_settings (&settings, 50);
  early = sl_train_job_new (fixture->catalog_path, &settings);
  g_signal_connect (early, "progress", G_CALLBACK (cancel_at_second_batch_cb), NULL);
  g_assert_false (sl_job_run (SL_JOB (early), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (sl_train_job_get_best_so_far (early, &epoch, &accuracy, &auc));

  discarded = sl_train_job_new (fixture->catalog_path, &settings);
  g_signal_connect (discarded, "progress", G_CALLBACK (cancel_in_third_epoch_cb), NULL);
  g_assert_false (sl_job_run (SL_JOB (discarded), &error));
  g_clear_error (&error);
  g_assert_true (sl_train_job_get_best_so_far (discarded, &epoch, &accuracy, &auc));
  sl_train_job_discard_best (discarded);
  g_assert_false (sl_train_job_get_best_so_far (discarded, &epoch, &accuracy, &auc));

  cancelled = sl_train_job_new (fixture->catalog_path, &settings);
  g_signal_connect (cancelled, "progress", G_CALLBACK (cancel_in_third_epoch_cb), NULL);
  g_assert_false (sl_job_run (SL_JOB (cancelled), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  sl_train_settings_clear (&settings);
  models = sl_catalog_list_models (fixture->catalog);
  g_assert_cmpuint (models->len, ==, 0);
  g_clear_pointer (&models, g_ptr_array_unref);
  g_assert_true (sl_train_job_get_best_so_far (cancelled, &epoch, &accuracy, &auc));
  g_assert_cmpint (epoch, >=, 1);
  g_assert_cmpint (epoch, <=, 2);
  g_assert_true (accuracy >= 0 && accuracy <= 1);

  keep = sl_train_job_new_keep_best (cancelled);
  g_assert_false (sl_train_job_get_best_so_far (cancelled, &epoch, &accuracy, &auc));
  g_assert_true (sl_job_run (SL_JOB (keep), &error));
  g_assert_no_error (error);
  outcome = sl_train_job_get_outcome (keep);
  g_assert_cmpint (outcome->model_id, >, 0);
  g_assert_cmpint (outcome->epochs_run, ==, 2);
  g_assert_cmpfloat (outcome->best_val_accuracy, ==, accuracy);

  models = sl_catalog_list_models (fixture->catalog);
  g_assert_cmpuint (models->len, ==, 1);
  metrics = sl_json_parse_object (((SlModelInfo *) g_ptr_array_index (models, 0))->metrics_json,
                                  "metrics", &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (metrics, "best_epoch"), ==, outcome->best_epoch);
  g_assert_cmpint (json_object_get_int_member (metrics, "epochs_run"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (metrics, "history")), ==,
                    2);
  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (fixture->catalog, &filter, &error);
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (sl_catalog_get_prediction (fixture->catalog, outcome->model_id,
                                              g_array_index (ids, gint64, i), probs, 2));
}

typedef struct
{
  GMainLoop *loop;
  GThread *main_thread;
  int epochs_seen;
  gboolean finished;
  SlTrainOutcome outcome;
} AsyncState;

static void
async_progress_cb (SlTrainJob            *job,
                   const SlTrainProgress *progress,
                   gpointer               user_data)
{
  AsyncState *state = user_data;

  g_assert_true (g_thread_self () == state->main_thread);
  if (progress->epoch_done)
    state->epochs_seen++;
  /* A busy main thread: the job finishes meanwhile, so its last report and its completion
   * are pending together. */
  if (progress->epoch_done && progress->epoch == 2)
    g_usleep (G_USEC_PER_SEC / 2);
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncState *state = user_data;
  SlTrainJob *job = SL_TRAIN_JOB (source);
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_job_run_finish (SL_JOB (job), result, &error));
  g_assert_no_error (error);
  state->outcome = *sl_train_job_get_outcome (job);
  /* the epoch ends make the job's history */
  g_assert_cmpuint (sl_train_job_get_history (job)->len, ==, 3);
  g_assert_cmpint (g_array_index (sl_train_job_get_history (job), SlTrainProgress, 2).epoch, ==, 3);
  g_assert_cmpfloat (sl_job_get_fraction (SL_JOB (job)), ==, 1);
  /* Every epoch's report is delivered before the completion. */
  g_assert_cmpint (state->epochs_seen, ==, 3);
  state->finished = TRUE;
  g_main_loop_quit (state->loop);
}

static void
test_train_async_reports_on_main_thread (Fixture       *fixture,
                                         gconstpointer  data)
{
  AsyncState state = { g_main_loop_new (NULL, FALSE), g_thread_self (), 0, FALSE };
  g_autoptr(SlTrainJob) job = NULL;
  SlTrainSettings settings;

  tiny_settings (&settings, 3);
  job = sl_train_job_new (fixture->catalog_path, &settings);
  sl_train_settings_clear (&settings);
  g_signal_connect (job, "progress", G_CALLBACK (async_progress_cb), &state);
  sl_job_run_async (SL_JOB (job), async_done_cb, &state);
  g_main_loop_run (state.loop);

  g_assert_true (state.finished);
  g_assert_cmpint (state.outcome.model_id, >, 0);
  g_assert_cmpint (state.epochs_seen, ==, 3);
  g_main_loop_unref (state.loop);
}

static void
test_evaluate_and_predict (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEvaluation) evaluation = NULL;
  g_autoptr(SlModel) model = NULL;
  g_autoptr(SlImage) image = NULL;
  g_autofree float *heat = NULL;
  SlTrainSettings settings;
  SlTrainOutcome outcome = { 0 };
  float probs[2];
  float heat_max = 0;
  int correct = 0, total = 0, width, height;

  tiny_settings (&settings, 4);
  g_assert_true (run_train (fixture->catalog_path, &settings, NULL, NULL, &outcome, &error));
  sl_train_settings_clear (&settings);

  evaluation = sl_evaluate (fixture->catalog_path, outcome.model_id, SL_SPLIT_TEST, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (evaluation->n, ==, 40);
  g_assert_cmpint (evaluation->n_classes, ==, 2);
  g_assert_cmpstr (evaluation->class_names[0], ==, "normal");
  for (int t = 0; t < 2; t++)
    for (int p = 0; p < 2; p++)
      {
        total += evaluation->confusion[t * 2 + p];
        correct += t == p ? evaluation->confusion[t * 2 + p] : 0;
      }
  g_assert_cmpint (total, ==, 40);
  g_assert_cmpfloat_with_epsilon (evaluation->accuracy, correct / 40.0, 1e-9);
  g_assert_true (evaluation->auc >= 0 && evaluation->auc <= 1);

  model = sl_model_load_from_catalog (fixture->catalog, outcome.model_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_model_get_n_classes (model), ==, 2);
  sl_model_get_input_size (model, &width, &height);
  g_assert_cmpint (width, ==, 28);
  image = sl_catalog_load_image (fixture->catalog, evaluation->image_ids[0], &error);
  g_assert_no_error (error);
  heat = g_new (float, width * height);
  g_assert_true (sl_model_predict (model, image, probs, heat, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (probs[0] + probs[1], 1.0, 1e-4);
  g_assert_cmpfloat_with_epsilon (probs[0], evaluation->probs[0], 1e-5);
  for (int i = 0; i < width * height; i++)
    {
      g_assert_true (heat[i] >= 0 && heat[i] <= 1);
      heat_max = MAX (heat_max, heat[i]);
    }
  g_assert_cmpfloat (heat_max, >, 0.5);
}

static void
test_train_refuses_bad_settings (Fixture       *fixture,
                                 gconstpointer  data)
{
  SlTrainSettings settings;
  g_autoptr(GError) error = NULL;

  tiny_settings (&settings, 1);
  g_free (settings.arch);
  settings.arch = g_strdup ("conv3:8,relu,gap,fc:3");
  g_assert_false (run_train (fixture->catalog_path, &settings, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "2 classes"));
  g_clear_error (&error);

  g_free (settings.arch);
  settings.arch = g_strdup ("conv3:8,wobble,fc:2");
  g_assert_false (run_train (fixture->catalog_path, &settings, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "wobble"));
  sl_train_settings_clear (&settings);
}

static guint
split_size (SlCatalog *catalog,
            SlSplit    split)
{
  g_autoptr(GArray) ids = NULL;
  SlImageFilter filter;

  sl_image_filter_init (&filter);
  filter.split = split;
  ids = sl_catalog_query_images (catalog, &filter, NULL);
  return ids->len;
}

/* A train/test folder trains with no extra step: 10 % of each class of train becomes val,
 * stored with the model, the same for the same seed; --input-size sets the model input. */
static void
test_train_holds_out_val (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autofree char *catalog_path = g_build_filename (dir, "test.sightline", NULL);
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlImporter) importer = NULL;
  g_autoptr(SlModel) model = NULL;
  g_autoptr(GArray) val_ids = NULL;
  g_autoptr(GError) error = NULL;
  SlTrainSettings settings;
  SlTrainOutcome outcome = { 0 };
  SlImportStats stats;
  SlImageFilter filter;
  int width = 0, height = 0, per_class[2] = { 0, 0 };
  GPtrArray *classes;

  sl_test_copy_demo_subset (images, 40, 0, 10);
  catalog = sl_catalog_open (catalog_path, &error);
  g_assert_no_error (error);
  importer = sl_importer_new (catalog);
  sl_importer_add_path (importer, images);
  g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
  g_assert_cmpuint (split_size (catalog, SL_SPLIT_VAL), ==, 0);

  tiny_settings (&settings, 1);
  settings.input_size = 20;
  g_assert_true (run_train (catalog_path, &settings, NULL, NULL, &outcome, &error));
  g_assert_no_error (error);
  sl_train_settings_clear (&settings);

  g_assert_cmpint (outcome.val_held_out, ==, 8);
  g_assert_cmpint (outcome.input_size, ==, 20);
  g_assert_cmpint (outcome.input_channels, ==, 1);
  g_assert_cmpuint (split_size (catalog, SL_SPLIT_VAL), ==, 8);
  g_assert_cmpuint (split_size (catalog, SL_SPLIT_TRAIN), ==, 72);
  g_assert_cmpuint (split_size (catalog, SL_SPLIT_TEST), ==, 20);

  sl_image_filter_init (&filter);
  filter.split = SL_SPLIT_VAL;
  val_ids = sl_catalog_query_images (catalog, &filter, &error);
  classes = sl_catalog_list_classes (catalog);
  for (guint i = 0; i < val_ids->len; i++)
    {
      gint64 label = sl_catalog_get_label (catalog, g_array_index (val_ids, gint64, i));

      per_class[label == ((SlClassInfo *) g_ptr_array_index (classes, 0))->id ? 0 : 1]++;
    }
  g_ptr_array_unref (classes);
  g_assert_cmpint (per_class[0], ==, 4);
  g_assert_cmpint (per_class[1], ==, 4);

  model = sl_model_load_from_catalog (catalog, outcome.model_id, &error);
  g_assert_no_error (error);
  sl_model_get_input_size (model, &width, &height);
  g_assert_cmpint (width, ==, 20);
  g_assert_cmpint (height, ==, 20);

  /* a val split now exists: the next training holds nothing out */
  tiny_settings (&settings, 1);
  g_assert_true (run_train (catalog_path, &settings, NULL, NULL, &outcome, &error));
  g_assert_no_error (error);
  sl_train_settings_clear (&settings);
  g_assert_cmpint (outcome.val_held_out, ==, 0);
  g_assert_cmpint (outcome.input_size, ==, 28);

  /* out of range sizes are refused */
  tiny_settings (&settings, 1);
  settings.input_size = 4;
  g_assert_false (run_train (catalog_path, &settings, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  sl_train_settings_clear (&settings);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sightline/jobs/train-stores-model-and-predictions", Fixture, NULL,
              fixture_set_up, test_train_stores_model_and_predictions, fixture_tear_down);
  g_test_add ("/sightline/jobs/train-is-deterministic", Fixture, NULL,
              fixture_set_up, test_train_is_deterministic, fixture_tear_down);
  g_test_add ("/sightline/jobs/train-cancel-writes-nothing", Fixture, NULL,
              fixture_set_up, test_train_cancel_writes_nothing, fixture_tear_down);
  g_test_add ("/sightline/jobs/train-cancel-keeps-best", Fixture, NULL,
              fixture_set_up, test_train_cancel_keeps_best, fixture_tear_down);
  g_test_add ("/sightline/jobs/train-async-reports-on-main-thread", Fixture, NULL,
              fixture_set_up, test_train_async_reports_on_main_thread, fixture_tear_down);
  g_test_add ("/sightline/jobs/evaluate-and-predict", Fixture, NULL,
              fixture_set_up, test_evaluate_and_predict, fixture_tear_down);
  g_test_add ("/sightline/jobs/train-refuses-bad-settings", Fixture, NULL,
              fixture_set_up, test_train_refuses_bad_settings, fixture_tear_down);
  g_test_add_func ("/sightline/jobs/train-holds-out-val", test_train_holds_out_val);
  return g_test_run ();
}
