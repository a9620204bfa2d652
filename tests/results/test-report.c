/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <math.h>

#include "sl-baseline.h"
#include "sl-catalog.h"
#include "sl-evaluate-job.h"
#include "sl-importer.h"
#include "sl-train-job.h"
#include "sl-json.h"
#include "sl-report-job.h"
#include "sl-test-util.h"
#include "study.h"

/* The text of the PDF, pages separated by form feeds, or NULL (test skipped) without
 * pdftotext. */
static char *
pdf_text (const char *pdf)
{
  g_autofree char *exe = g_find_program_in_path ("pdftotext");
  g_autofree char *err = NULL;
  char *out = NULL;

  if (exe == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return NULL;
    }
  {
    const char *argv[] = { exe, "-layout", pdf, "-", NULL };

    g_assert_cmpint (sl_test_run (argv, &out, &err), ==, 0);
  }
  return out;
}

static guint
count_pages (const char *text)
{
  g_auto(GStrv) pages = g_strsplit (text, "\f", -1);
  guint n = 0;

  /* pdftotext ends every page with a form feed. */
  for (guint i = 0; pages[i] != NULL; i++)
    if (pages[i + 1] != NULL)
      n++;
  return n;
}

/* The page (1-based) holding needle, 0 when absent. */
static guint
page_of (const char *text,
         const char *needle)
{
  g_auto(GStrv) pages = g_strsplit (text, "\f", -1);

  for (guint i = 0; pages[i] != NULL; i++)
    if (strstr (pages[i], needle) != NULL)
      return i + 1;
  return 0;
}

static char *
metric (double value)
{
  return g_strdup_printf ("%.4f", value);
}

static void
assert_metrics_in (const char         *page_text,
                   const SlEvaluation *e)
{
  g_autofree char *accuracy = metric (e->accuracy);
  g_autofree char *auc = metric (e->auc);
  g_autofree char *f1 = metric (e->macro_f1);

  g_assert_nonnull (strstr (page_text, accuracy));
  g_assert_nonnull (strstr (page_text, auc));
  g_assert_nonnull (strstr (page_text, f1));
  for (int c = 0; c < e->n_classes; c++)
    {
      g_autofree char *precision = metric (e->precision[c]);
      g_autofree char *recall = metric (e->recall[c]);
      g_autofree char *specificity = metric (e->specificity[c]);

      g_assert_nonnull (strstr (page_text, precision));
      g_assert_nonnull (strstr (page_text, recall));
      g_assert_nonnull (strstr (page_text, specificity));
    }
}

static char *
page_text (const char *text,
           guint       page)
{
  g_auto(GStrv) pages = g_strsplit (text, "\f", -1);

  g_assert_cmpuint (page, >=, 1);
  g_assert_cmpuint (page, <=, g_strv_length (pages));
  return g_strdup (pages[page - 1]);
}

static void
test_report_pages_and_numbers (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (study.dir, "report.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *results = NULL;
  g_autofree char *comparison = NULL;
  g_autofree char *cnn_acc = NULL;
  g_autofree char *base_acc = NULL;
  g_autoptr(SlEvaluation) cnn = NULL;
  g_autoptr(SlEvaluation) baseline = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  const char *sections[] = { "1 Dataset", "2 Model", "3 Results on the test split",
                             "4 Grad-CAM examples", "5 Comparison with a classical baseline",
                             "6 Intended use and limitations" };
  guint last_page = 0;

  g_assert_true (sl_report_write (study.catalog_path, study.model_id, NULL, SL_SPLIT_TEST, pdf,
                                  NULL, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  if (text == NULL)
    return;

  /* Every section, in order; the Grad-CAM and baseline sections start their own pages. */
  g_assert_cmpuint (count_pages (text), >=, 4);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      guint page = page_of (text, sections[i]);

      g_assert_cmpuint (page, >, 0);
      g_assert_cmpuint (page, >=, last_page);
      last_page = page;
    }
  g_assert_cmpuint (page_of (text, "4 Grad-CAM"), >, page_of (text, "3 Results"));
  g_assert_cmpuint (page_of (text, "5 Comparison"), >, page_of (text, "4 Grad-CAM"));
  g_assert_nonnull (strstr (text, TINY_ARCH));
  g_assert_nonnull (strstr (text, "True class normal: correctly classified"));
  g_assert_nonnull (strstr (text, "True class pneumonia: misclassified"));
  g_assert_null (strstr (text, "No training history"));
  g_assert_nonnull (strstr (text, "2 of 2 run"));

  /* The numbers are those of the evaluation and of the baseline, formatted as evaluate
   * prints them. */
  cnn = sl_evaluate (study.catalog_path, study.model_id, SL_SPLIT_TEST, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cnn->n, ==, 60);
  results = page_text (text, page_of (text, "3 Results"));
  assert_metrics_in (results, cnn);

  catalog = sl_catalog_open (study.catalog_path, &error);
  g_assert_no_error (error);
  baseline = sl_baseline_evaluate (catalog, (const char * const *) cnn->class_names, 0,
                                   SL_SPLIT_TEST, NULL, NULL, &error);
  g_assert_no_error (error);
  comparison = page_text (text, page_of (text, "5 Comparison"));
  cnn_acc = metric (cnn->accuracy);
  base_acc = metric (baseline->accuracy);
  g_assert_nonnull (strstr (comparison, cnn_acc));
  g_assert_nonnull (strstr (comparison, base_acc));

  /* Dataset counts: 100 + 20 + 30 per class, 300 in all. */
  g_assert_nonnull (strstr (text, "300 images"));
  /* No source names or paths: images are named by id only. */
  g_assert_null (strstr (text, ".png"));
  g_assert_null (strstr (text, study.dir));
  g_assert_nonnull (strstr (text, "image #"));
}

static void
test_report_from_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (study.dir, "report-file.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *acc = NULL;
  g_autofree char *results = NULL;
  g_autoptr(SlEvaluation) cnn = NULL;

  /* A checkpoint file identical to a catalog model's gets that model's history. */
  g_assert_true (sl_report_write (study.catalog_path, 0, study.model_path, SL_SPLIT_VAL, pdf,
                                  NULL, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "3 Results on the val split"));
  g_assert_null (strstr (text, "No training history"));
  cnn = sl_evaluate (study.catalog_path, study.model_id, SL_SPLIT_VAL, NULL, &error);
  g_assert_no_error (error);
  acc = metric (cnn->accuracy);
  results = page_text (text, page_of (text, "3 Results"));
  g_assert_nonnull (strstr (results, acc));
}

static void
test_report_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *pdf = g_build_filename (study.dir, "cancelled.pdf", NULL);
  g_autofree char *missing = g_build_filename (study.dir, "missing.pdf", NULL);

  g_cancellable_cancel (cancellable);
  g_assert_false (sl_report_write (study.catalog_path, study.model_id, NULL, SL_SPLIT_TEST, pdf,
                                   cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_false (sl_report_write (study.catalog_path, study.model_id + 100, NULL, SL_SPLIT_TEST,
                                   missing, NULL, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} AsyncResult;

static void
report_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncResult *r = user_data;

  r->ok = sl_job_run_finish (SL_JOB (source), result, &r->error);
  r->done = TRUE;
}

static void
test_report_async (void)
{
  g_autofree char *pdf = g_build_filename (study.dir, "async.pdf", NULL);
  AsyncResult r = { FALSE, FALSE, NULL };
  g_autoptr(SlJob) job = sl_report_job_new (study.catalog_path, study.model_id, NULL,
                                            SL_SPLIT_TEST, pdf);

  sl_job_run_async (job, report_done_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
}

static void
test_baseline (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEvaluation) first = NULL;
  g_autoptr(SlEvaluation) second = NULL;
  g_autoptr(SlEvaluation) cnn = NULL;
  SlBaselineInfo info;
  int trace = 0, total = 0;

  first = sl_baseline_run (study.catalog_path, SL_SPLIT_TEST, &info, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->n, ==, 60);
  g_assert_cmpint (first->n_classes, ==, 2);
  g_assert_cmpstr (first->class_names[0], ==, "normal");
  g_assert_cmpint (info.n_train, ==, 200);
  g_assert_cmpint (info.n_val, ==, 40);
  g_assert_cmpint (info.side, ==, 28);
  g_assert_cmpint (info.n_features, ==, 1296);
  g_assert_true (info.l2 > 0);
  for (int i = 0; i < 4; i++)
    {
      total += first->confusion[i];
      if (i == 0 || i == 3)
        trace += first->confusion[i];
    }
  g_assert_cmpint (total, ==, 60);
  g_assert_cmpfloat_with_epsilon (first->accuracy, trace / 60.0, 1e-9);
  /* Balanced test set: chance is 0.5; HOG separates these classes well. */
  g_assert_cmpfloat (first->accuracy, >, 0.7);
  g_assert_cmpfloat (first->auc, >, 0.75);

  /* Deterministic, and on the same images in the same order as the CNN's evaluation. */
  second = sl_baseline_run (study.catalog_path, SL_SPLIT_TEST, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (first->probs, sizeof (float) * 120, second->probs, sizeof (float) * 120);
  cnn = sl_evaluate (study.catalog_path, study.model_id, SL_SPLIT_TEST, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (first->image_ids, sizeof (gint64) * 60, cnn->image_ids, sizeof (gint64) * 60);
  g_assert_cmpmem (first->y_true, sizeof (int) * 60, cnn->y_true, sizeof (int) * 60);
}

static void
test_cli (void)
{
  g_autofree char *pdf = g_build_filename (study.dir, "cli.pdf", NULL);
  g_autofree char *model_id = g_strdup_printf ("%" G_GINT64_FORMAT, study.model_id);
  const char *report[] = { SL_CLI_PATH, "report", "--catalog", study.catalog_path, "--model",
                           study.model_path, "--out", pdf, NULL };
  const char *baseline[] = { SL_CLI_PATH, "baseline", "--catalog", study.catalog_path, "--json",
                             NULL };
  const char *evaluate[] = { SL_CLI_PATH, "evaluate", "--catalog", study.catalog_path,
                             "--model", model_id, "--json", NULL };
  const char *bad_split[] = { SL_CLI_PATH, "baseline", "--catalog", study.catalog_path,
                              "--split", "nope", NULL };
  g_autofree char *out = NULL, *err = NULL, *eval_out = NULL, *eval_err = NULL;
  g_autoptr(JsonObject) base_json = NULL;
  g_autoptr(JsonObject) eval_json = NULL;
  g_autoptr(GList) base_keys = NULL, eval_keys = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sl_test_run (report, &out, &err), ==, 0);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* baseline --json has the shape of evaluate --json. */
  g_assert_cmpint (sl_test_run (baseline, &out, &err), ==, 0);
  base_json = sl_json_parse_object (out, "baseline --json", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_test_run (evaluate, &eval_out, &eval_err), ==, 0);
  eval_json = sl_json_parse_object (eval_out, "evaluate --json", &error);
  g_assert_no_error (error);
  base_keys = json_object_get_members (base_json);
  eval_keys = json_object_get_members (eval_json);
  g_assert_cmpuint (g_list_length (base_keys), ==, g_list_length (eval_keys));
  for (GList *b = base_keys, *e = eval_keys; e != NULL; b = b->next, e = e->next)
    g_assert_cmpstr (b->data, ==, e->data);
  g_assert_cmpint (json_object_get_int_member (base_json, "images"), ==, 60);
  g_assert_true (json_object_has_member (json_object_get_object_member (base_json, "per_class"),
                                         "pneumonia"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (sl_test_run (bad_split, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "nope"));
}

/* More than two classes: one-vs-rest ROC curves, a 3 × 3 confusion matrix, a row per class. */
static void
test_report_three_classes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *images = g_build_filename (study.dir, "images", NULL);
  g_autofree char *path = g_build_filename (study.dir, "three.sightline", NULL);
  g_autofree char *pdf = g_build_filename (study.dir, "three.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *results = NULL;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (path, &error);
  g_autoptr(SlImporter) importer = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(SlEvaluation) cnn = NULL;
  SlTrainSettings settings;
  SlTrainOutcome outcome = { 0 };
  SlImportStats stats;
  SlImageFilter filter;
  gint64 other;

  g_assert_no_error (error);
  importer = sl_importer_new (catalog);
  sl_importer_add_path (importer, images);
  g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
  g_assert_no_error (error);
  other = sl_catalog_ensure_class (catalog, "other", &error);
  g_assert_no_error (error);
  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (catalog, &filter, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i += 3)
    {
      sl_catalog_set_label (catalog, g_array_index (ids, gint64, i), other, "test", &error);
      g_assert_no_error (error);
    }

  sl_train_settings_init (&settings);
  settings.arch = g_strdup ("conv3:8,relu,maxpool2,gap,fc:3");
  settings.epochs = 1;
  settings.threads = 1;
  g_assert_true (study_train (path, &settings, &outcome, &error));
  g_assert_no_error (error);
  sl_train_settings_clear (&settings);

  g_assert_true (sl_report_write (path, outcome.model_id, NULL, SL_SPLIT_TEST, pdf, NULL,
                                  &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "ROC curves, one class vs the rest"));
  g_assert_nonnull (strstr (text, "Probability given to the true class"));
  g_assert_nonnull (strstr (text, "True class other: correctly classified"));
  g_assert_nonnull (strstr (text, "Recall (sensitivity), other"));

  cnn = sl_evaluate (path, outcome.model_id, SL_SPLIT_TEST, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cnn->n_classes, ==, 3);
  results = page_text (text, page_of (text, "3 Results"));
  assert_metrics_in (results, cnn);

  /* Without a val split the baseline cannot pick its penalty: the report says so. */
  filter.split = SL_SPLIT_VAL;
  g_clear_pointer (&ids, g_array_unref);
  ids = sl_catalog_query_images (catalog, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);
  for (guint i = 0; i < ids->len; i++)
    {
      sl_catalog_set_split (catalog, g_array_index (ids, gint64, i), SL_SPLIT_NONE, -1, &error);
      g_assert_no_error (error);
    }
  g_assert_true (sl_report_write (path, outcome.model_id, NULL, SL_SPLIT_TEST, pdf, NULL,
                                  &error));
  g_assert_no_error (error);
  g_free (text);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "baseline could not be computed"));
  g_assert_nonnull (strstr (text, "6 Intended use and limitations"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  study_set_up ();

  g_test_add_func ("/sightline/report/pages-and-numbers", test_report_pages_and_numbers);
  g_test_add_func ("/sightline/report/from-file", test_report_from_file);
  g_test_add_func ("/sightline/report/errors", test_report_errors);
  g_test_add_func ("/sightline/report/async", test_report_async);
  g_test_add_func ("/sightline/report/baseline", test_baseline);
  g_test_add_func ("/sightline/report/cli", test_cli);
  g_test_add_func ("/sightline/report/three-classes", test_report_three_classes);
  status = g_test_run ();
  study_tear_down ();
  return status;
}
