/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "study.h"

#include "sl-catalog.h"
#include "sl-importer.h"
#include "sl-test-util.h"
#include "sl-train-job.h"

Study study;

void
study_set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlImporter) importer = NULL;
  g_autoptr(GBytes) checkpoint = NULL;
  g_autofree char *images = NULL;
  SlTrainSettings settings;
  SlTrainOutcome outcome = { 0 };
  SlImportStats stats;

  study.dir = sl_test_tmp_dir_new ();
  images = g_build_filename (study.dir, "images", NULL);
  sl_test_copy_demo_subset (images, 100, 20, 30);

  study.catalog_path = g_build_filename (study.dir, "study.sightline", NULL);
  catalog = sl_catalog_open (study.catalog_path, &error);
  g_assert_no_error (error);
  importer = sl_importer_new (catalog);
  sl_importer_add_path (importer, images);
  g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.imported, ==, 300);

  sl_train_settings_init (&settings);
  settings.arch = g_strdup (TINY_ARCH);
  settings.epochs = 2;
  settings.batch_size = 32;
  settings.seed = 3;
  settings.threads = 1;
  g_assert_true (study_train (study.catalog_path, &settings, &outcome, &error));
  g_assert_no_error (error);
  sl_train_settings_clear (&settings);
  study.model_id = outcome.model_id;

  checkpoint = sl_catalog_get_model_checkpoint (catalog, study.model_id, &error);
  g_assert_no_error (error);
  study.model_path = g_build_filename (study.dir, "model.slm", NULL);
  g_file_set_contents (study.model_path, g_bytes_get_data (checkpoint, NULL),
                       (gssize) g_bytes_get_size (checkpoint), &error);
  g_assert_no_error (error);
}

void
study_tear_down (void)
{
  g_clear_pointer (&study.dir, sl_test_tmp_dir_free);
  g_clear_pointer (&study.catalog_path, g_free);
  g_clear_pointer (&study.model_path, g_free);
}

gboolean
study_train (const char             *catalog_path,
             const SlTrainSettings  *settings,
             SlTrainOutcome         *outcome,
             GError                **error)
{
  g_autoptr(SlTrainJob) job = sl_train_job_new (catalog_path, settings);

  if (!sl_job_run (SL_JOB (job), error))
    return FALSE;
  *outcome = *sl_train_job_get_outcome (job);
  return TRUE;
}
