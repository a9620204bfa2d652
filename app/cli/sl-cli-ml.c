/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-cli-ml.h"
#include "sl-cli.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>

#include "sl-catalog.h"
#include "sl-cli-output.h"
#include "sl-dataset.h"
#include "sl-error.h"
#include "sl-evaluate.h"
#include "sl-heatmap.h"
#include "sl-image-loader.h"
#include "sl-json.h"
#include "sl-model.h"
#include "sl-train-job.h"

static void
print_train_progress (SlTrainJob            *job,
                      const SlTrainProgress *p,
                      gpointer               user_data)
{
  if (!p->epoch_done)
    return;
  g_print (_("epoch %d/%d  loss %.4f  acc %.4f  val_loss %.4f  val_acc %.4f  val_auc %.4f  "
             "%.0f images/s\n"),
           p->epoch, p->epochs, p->loss, p->accuracy, p->val_loss, p->val_accuracy, p->val_auc,
           p->images_per_second);
}

/* Options left unset keep these values, so that an explicit 0 can be told from "default". */
#define UNSET_INT G_MININT
#define UNSET_DOUBLE (-G_MAXDOUBLE)

/* An option given must be a positive number; unset becomes 0 (the job's "default"). */
static gboolean
positive_int_option (const char *name,
                     int        *value)
{
  if (*value == UNSET_INT)
    *value = 0;
  else if (*value <= 0)
    {
      g_printerr (_("%s: %s must be at least 1 (got %d)\n"), g_get_prgname (), name, *value);
      return FALSE;
    }
  return TRUE;
}

static gboolean
positive_double_option (const char *name,
                        double     *value)
{
  if (*value == UNSET_DOUBLE)
    *value = 0;
  else if (!isfinite (*value) || *value <= 0)
    {
      g_printerr (_("%s: %s must be a positive number (got %g)\n"), g_get_prgname (), name,
                  *value);
      return FALSE;
    }
  return TRUE;
}

static void
print_train_json (const SlTrainOutcome *outcome)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "model_id");
  json_builder_add_int_value (b, outcome->model_id);
  sl_json_add_number (b, "images_per_second", outcome->images_per_second);
  sl_json_add_number (b, "seconds", outcome->seconds);
  json_builder_set_member_name (b, "epochs");
  json_builder_add_int_value (b, outcome->epochs_run);
  json_builder_set_member_name (b, "best_epoch");
  json_builder_add_int_value (b, outcome->best_epoch);
  sl_json_add_number (b, "best_val_accuracy", outcome->best_val_accuracy);
  sl_json_add_number (b, "best_val_auc", outcome->best_val_auc);
  json_builder_set_member_name (b, "input_size");
  json_builder_add_int_value (b, outcome->input_size);
  json_builder_set_member_name (b, "input_channels");
  json_builder_add_int_value (b, outcome->input_channels);
  json_builder_set_member_name (b, "val_held_out");
  json_builder_add_int_value (b, outcome->val_held_out);
  json_builder_set_member_name (b, "warm_started");
  json_builder_add_boolean_value (b, outcome->warm_started);
  json_builder_end_object (b);
  text = sl_json_builder_text (b, FALSE);
  g_print ("%s\n", text);
}

int
sl_cli_train (int    argc,
              char **argv)
{
  g_autofree char *catalog_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *arch = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlTrainJob) job = NULL;
  SlTrainSettings settings;
  SlTrainOutcome outcome = { 0 };
  gint64 seed = 1, from = 0;
  double lr = UNSET_DOUBLE;
  int epochs = UNSET_INT, batch = UNSET_INT, threads = UNSET_INT, input_size = 0;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path, N_("The catalog file"), N_("CAT") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("Write the trained model (checkpoint) here"), N_("MODEL") },
    { "from", 0, 0, G_OPTION_ARG_INT64, &from,
      N_("Continue from the weights of this stored model, keeping its architecture and input "
         "(from scratch when the classes changed since)"), N_("ID") },
    { "arch", 0, 0, G_OPTION_ARG_STRING, &arch, N_("Architecture spec, e.g. conv3:32,bn,relu,maxpool2,gap,fc:2"), N_("SPEC") },
    { "input-size", 0, 0, G_OPTION_ARG_INT, &input_size,
      N_("Input side in pixels, 8 to 512 (default: from the data)"), N_("N") },
    { "epochs", 0, 0, G_OPTION_ARG_INT, &epochs,
      N_("Number of epochs (default: from the dataset's size)"), N_("N") },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch, N_("Batch size"), N_("B") },
    { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &lr, N_("Peak learning rate"), N_("X") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Random seed (same seed and threads, same run)"), N_("S") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, N_("Threads (default: all cores)"), N_("T") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Model name in the catalog"), N_("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("End with a JSON summary line"), NULL },
    { NULL }
  };

  if (!sl_cli_parse_options (NULL,
                             _("Trains a CNN on the catalog's labelled train split, keeps the "
                               "best model on the val split, stores it and its predictions "
                               "in the catalog.\n\n"
                               "Architecture (--arch): comma-separated layers, the last "
                               "one fc:<classes>.\n"
                               "  conv<K>:<C>[/s<S>][/p<P>]  KxK convolution to C "
                               "channels, stride S (1),\n"
                               "                             padding P ((K-1)/2)\n"
                               "  res:<C>[/s<S>]             residual block: conv3 to C "
                               "channels with stride S,\n"
                               "                             bn, relu, conv3, bn, plus "
                               "the input (through a 1x1\n"
                               "                             conv with stride S and a bn "
                               "when the shape\n"
                               "                             changes), then relu\n"
                               "  bn  relu  maxpool<K>  gap  dropout:<p>  fc:<N>\n"
                               "Without --arch, the architecture is chosen from the input "
                               "size, e.g. for 64x64\n"
                               "images conv3:32,bn,relu,maxpool2,res:64/s2,res:128/s2,"
                               "gap,fc:<classes>.\n\n"
                               "Input: 3 channels (RGB, gray images repeated) when any "
                               "image is in colour, else gray;\n"
                               "a square of the median shorter image side, at least 16 and "
                               "at most 64\n"
                               "(--input-size sets it); each image's centre is cropped to "
                               "a square, then resized.\n"
                               "Without a val split, a tenth of each class of train, drawn "
                               "with --seed, becomes\n"
                               "the val split and is stored with the model.\n\n"
                               "Training: 1,300 steps of 64 images up to 40 px, 2,000 for "
                               "larger gray images,\n"
                               "1,000 for larger colour ones (4 to 100 epochs; --epochs sets "
                               "them),\n"
                               "AdamW at --lr 0.002 with weight decay 0.01, one warm-up "
                               "epoch then cosine decay,\n"
                               "balanced class weights, label smoothing 0.05, left-right "
                               "flips; gray images also\n"
                               "small rotations and shifts (over 40 px: strong ones, zoom, "
                               "brightness and\n"
                               "contrast); val scores a moving average of the weights after "
                               "each epoch, the best\n"
                               "epoch's is kept, and training stops early when val stops "
                               "improving."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if (catalog_path == NULL || out == NULL)
    {
      g_printerr (_("train: --catalog and --out are required (see --help)\n"));
      return SL_CLI_EXIT_FAILED;
    }
  if (!positive_int_option ("--epochs", &epochs) || !positive_int_option ("--batch", &batch)
      || !positive_int_option ("--threads", &threads) || !positive_double_option ("--lr", &lr))
    return SL_CLI_EXIT_FAILED;
  if (input_size != 0 && (input_size < SL_INPUT_SIZE_MIN || input_size > SL_INPUT_SIZE_MAX))
    {
      g_printerr (_("train: --input-size must be between %d and %d\n"), SL_INPUT_SIZE_MIN,
                  SL_INPUT_SIZE_MAX);
      return SL_CLI_EXIT_FAILED;
    }
  catalog = sl_cli_open_catalog (catalog_path, SL_CLI_OPEN_WRITE);
  if (catalog == NULL)
    return SL_CLI_EXIT_FAILED;
  g_clear_object (&catalog);   /* the job opens its own connection */

  sl_train_settings_init (&settings);
  settings.arch = g_steal_pointer (&arch);
  settings.name = g_steal_pointer (&name);
  settings.epochs = epochs;
  settings.batch_size = batch;
  settings.lr = lr;
  settings.seed = (guint64) seed;
  settings.threads = threads;
  settings.input_size = input_size;
  settings.out_path = g_strdup (out);
  settings.warm_start_model_id = from;

  job = sl_train_job_new (catalog_path, &settings);
  sl_train_settings_clear (&settings);
  g_signal_connect (job, "progress", G_CALLBACK (print_train_progress), NULL);
  if (!sl_job_run (SL_JOB (job), &error))
    {
      g_printerr (_("train: %s\n"), error->message);
      return SL_CLI_EXIT_FAILED;
    }
  outcome = *sl_train_job_get_outcome (job);

  if (from != 0 && !outcome.warm_started)
    g_print (_("The classes changed since model %" PRId64 ": trained from scratch\n"), from);
  if (outcome.val_held_out > 0)
    g_print (_("The catalog had no val split: %d train images (10%% of each class, seed "
               "%" PRId64 ") are now the val split\n"), outcome.val_held_out, seed);
  g_print (_("model %" PRId64 " saved to %s: best epoch %d, val accuracy %.4f, "
             "val AUC %.4f, %.1f s, %.0f images/s\n"),
           outcome.model_id, out, outcome.best_epoch, outcome.best_val_accuracy,
           outcome.best_val_auc, outcome.seconds, outcome.images_per_second);
  if (json)
    print_train_json (&outcome);
  return SL_CLI_EXIT_OK;
}

/* MODEL is a checkpoint file, or the id of a model stored in the catalog. */
static SlModel *
load_model (SlCatalog   *catalog,
            const char  *model,
            GError     **error)
{
  gint64 model_id;

  if (sl_cli_model_id_of (model, &model_id))
    return sl_model_load_from_catalog (catalog, model_id, error);
  return sl_model_load_file (model, error);
}

int
sl_cli_evaluate (int    argc,
                 char **argv)
{
  g_autofree char *catalog_path = NULL;
  g_autofree char *model_arg = NULL;
  g_autofree char *split_name = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlModel) model = NULL;
  g_autoptr(SlEvaluation) evaluation = NULL;
  gboolean json = FALSE;
  SlSplit split;
  GOptionEntry entries[] = {
    { "catalog", 'c', 0, G_OPTION_ARG_FILENAME, &catalog_path, N_("The catalog file"), N_("CAT") },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_arg, N_("A model checkpoint file, or a model id in the catalog"), N_("MODEL") },
    { "split", 0, 0, G_OPTION_ARG_STRING, &split_name, N_("train, val, test (default) or all"), N_("SPLIT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the metrics as JSON"), NULL },
    { NULL }
  };

  if (!sl_cli_parse_options (NULL,
                             _("Evaluates a model on one split of the catalog: accuracy, ROC "
                               "AUC, per-class precision, recall, specificity, F1 and the "
                               "confusion matrix."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if (catalog_path == NULL || model_arg == NULL)
    {
      g_printerr (_("evaluate: --catalog and --model are required (see --help)\n"));
      return SL_CLI_EXIT_FAILED;
    }
  if (split_name == NULL)
    split_name = g_strdup ("test");
  if (!sl_cli_parse_split (split_name, &split))
    return SL_CLI_EXIT_FAILED;

  catalog = sl_catalog_open (catalog_path, &error);
  if (catalog != NULL)
    model = load_model (catalog, model_arg, &error);
  if (model != NULL)
    evaluation = sl_evaluate_model (catalog, model, split, NULL, &error);
  if (evaluation == NULL)
    {
      g_printerr (_("evaluate: %s\n"), error->message);
      return SL_CLI_EXIT_FAILED;
    }

  sl_cli_print_evaluation (evaluation, split_name, json);
  return SL_CLI_EXIT_OK;
}

static char *
heatmap_path_for (const char *pattern,
                  guint       index,
                  guint       count)
{
  const char *dot;

  if (count == 1)
    return g_strdup (pattern);
  dot = strrchr (pattern, '.');
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return g_strdup_printf ("%s-%u", pattern, index + 1);
  return g_strdup_printf ("%.*s-%u%s", (int) (dot - pattern), pattern, index + 1, dot);
}

static gboolean
predict_one (SlModel     *model,
             const char  *path,
             const char  *heatmap_path,
             JsonBuilder *json,
             GError     **error)
{
  int n_classes = sl_model_get_n_classes (model);
  g_autofree float *probs = g_new0 (float, n_classes);
  g_autofree float *heat = NULL;
  g_autoptr(SlImage) image = NULL;
  int width, height, best = 0;

  image = sl_image_load_file (path, error);
  if (image == NULL)
    return FALSE;
  sl_model_get_input_size (model, &width, &height);
  if (heatmap_path != NULL)
    heat = g_new0 (float, (gsize) width * height);
  if (!sl_model_predict (model, image, probs, heat, error))
    return FALSE;
  for (int k = 1; k < n_classes; k++)
    if (probs[k] > probs[best])
      best = k;

  if (heatmap_path != NULL)
    {
      g_autoptr(GdkPixbuf) overlay = sl_heatmap_render_overlay (image, heat, width, height, 256,
                                                                 SL_COLORMAP_TURBO, 0.6);
      if (!gdk_pixbuf_save (overlay, heatmap_path, "png", error, NULL))
        return FALSE;
    }

  if (json != NULL)
    {
      json_builder_begin_object (json);
      json_builder_set_member_name (json, "image");
      json_builder_add_string_value (json, path);
      json_builder_set_member_name (json, "class");
      json_builder_add_string_value (json, sl_model_get_class_name (model, best));
      sl_json_add_number (json, "confidence", probs[best]);
      json_builder_set_member_name (json, "probabilities");
      json_builder_begin_object (json);
      for (int k = 0; k < n_classes; k++)
        sl_json_add_number (json, sl_model_get_class_name (model, k), probs[k]);
      json_builder_end_object (json);
      if (heatmap_path != NULL)
        {
          json_builder_set_member_name (json, "heatmap");
          json_builder_add_string_value (json, heatmap_path);
        }
      json_builder_end_object (json);
    }
  else
    {
      g_print ("%s: %s (%.1f%%)", path, sl_model_get_class_name (model, best), 100.0 * probs[best]);
      for (int k = 0; k < n_classes; k++)
        g_print ("  %s %.4f", sl_model_get_class_name (model, k), probs[k]);
      if (heatmap_path != NULL)
        g_print (_("  heatmap %s"), heatmap_path);
      g_print ("\n");
    }
  return TRUE;
}

int
sl_cli_predict (int    argc,
                char **argv)
{
  g_autofree char *model_path = NULL;
  g_autofree char *heatmap = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlModel) model = NULL;
  g_autoptr(JsonBuilder) json = NULL;
  gboolean json_output = FALSE;
  int failures = 0;
  GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_path, N_("A model checkpoint file"), N_("MODEL") },
    { "heatmap", 0, 0, G_OPTION_ARG_FILENAME, &heatmap, N_("Write the image with its Grad-CAM heatmap here (PNG; numbered when there are several images)"), N_("OUT.png") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json_output, N_("Print the predictions as JSON"), NULL },
    { NULL }
  };

  if (!sl_cli_parse_options (_("IMAGE…"),
                             _("Predicts the class of each image with a trained model, "
                               "optionally with a Grad-CAM heatmap."),
                             entries, &argc, &argv))
    return SL_CLI_EXIT_FAILED;
  if (model_path == NULL || argc < 2)
    {
      g_printerr (_("predict: --model and at least one image are required (see --help)\n"));
      return SL_CLI_EXIT_FAILED;
    }

  model = sl_model_load_file (model_path, &error);
  if (model == NULL)
    {
      g_printerr (_("predict: %s\n"), error->message);
      return SL_CLI_EXIT_FAILED;
    }

  if (json_output)
    {
      json = json_builder_new ();
      json_builder_begin_array (json);
    }
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *out = heatmap != NULL ? heatmap_path_for (heatmap, i - 1, argc - 1) : NULL;
      g_autoptr(GError) local_error = NULL;

      if (!predict_one (model, argv[i], out, json, &local_error))
        {
          g_printerr (_("predict: %s\n"), local_error->message);
          failures++;
        }
    }
  if (json != NULL)
    {
      g_autofree char *text = NULL;

      json_builder_end_array (json);
      text = sl_json_builder_text (json, FALSE);
      g_print ("%s\n", text);
    }
  return failures == 0 ? 0 : (failures == argc - 1 ? 1 : 3);
}
