/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sl-defaults.h"
#include "sl-json.h"
#include "sl-train-job.h"
#include "sl-train-page.h"
#include "sl-workspace.h"

enum {
  SERIES_TRAIN_LOSS,
  SERIES_VAL_LOSS,
  SERIES_TRAIN_ACCURACY,
  SERIES_VAL_ACCURACY,
};

/* Presets (the last layer is fc:<classes>, filled in for the catalog). */
static const char *presets[] = {
  NULL,  /* sl_arch_default () with the catalog's classes */
  "conv3:8,relu,maxpool2,conv3:16,relu,gap,fc:%u",
  "conv3:16,bn,relu,maxpool2,conv3:32,bn,relu,maxpool2,conv3:64,bn,relu,gap,fc:%u",
  "conv3:32,bn,relu,conv3:32,bn,relu,maxpool2,conv3:64,bn,relu,conv3:64,bn,relu,maxpool2,"
  "conv3:128,bn,relu,gap,dropout:0.3,fc:%u",
};

struct _SlTrainPage
{
  GtkWidget parent_instance;

  GtkDropDown *preset_dropdown;
  GtkTextView *spec_view;
  GtkSpinButton *epochs_spin;
  GtkSpinButton *lr_spin;
  GtkSpinButton *seed_spin;
  GtkSpinButton *input_size_spin;
  GtkButton *start_button;
  GtkButton *cancel_button;
  GtkWidget *start_blocker_box;
  GtkLabel *start_blocker_label;
  GtkWidget *make_splits_button;
  GtkProgressBar *progress_bar;
  GtkLabel *status_label;
  GtkLabel *model_name_label;
  GtkWidget *rename_button;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  SlChart *chart;

  SlWorkspace *workspace;     /* runs the job; its model-id is the model shown */
  SlCatalog *catalog;
  SlTrainJob *job;            /* the running one */
  gboolean setting_preset;
  char *start_blocker;        /* why Start is off, NULL when it is on */
  guint update_start_id;
  gboolean showing_run;       /* the chart shows the last run, not the selected model */

  /* The job reports running means over the epoch; the chart shows the mean over the batches
   * since the last point, recovered from two running means (sum = mean × batches). */
  int mark_epoch;
  int mark_batch;
  double mark_loss_sum;
  double mark_accuracy_sum;
  /* and smooths them with an exponential moving average, as TensorBoard does */
  double smooth_loss;
  double smooth_accuracy;
};

#define SMOOTHING 0.6
/* Start needs this many labelled images of each class in the train and val splits (the job
 * holds out one of two as val when there is no val split). */
#define MIN_PER_CLASS 2

G_DEFINE_FINAL_TYPE (SlTrainPage, sl_train_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

enum {
  MODEL_TRAINED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static guint
n_classes (SlTrainPage *self)
{
  g_autoptr(GPtrArray) classes = NULL;

  if (self->catalog == NULL)
    return 2;
  classes = sl_catalog_list_classes (self->catalog);
  return MAX (classes->len, 2);
}

static char *
preset_text (SlTrainPage *self,
             guint        preset)
{
  char arch[512];

  if (preset == 0)
    {
      /* the default at the demo's 28 px, 1 channel */
      if (sl_arch_default (1, 28, 28, (int) n_classes (self), arch, sizeof arch) != 0)
        return g_strdup ("");
      return g_strdup (arch);
    }
  return g_strdup_printf (presets[preset], n_classes (self));
}

static void
on_preset_selected_cb (SlTrainPage *self)
{
  guint preset = gtk_drop_down_get_selected (self->preset_dropdown);
  g_autofree char *text = NULL;

  if (preset >= G_N_ELEMENTS (presets))
    return;
  text = preset_text (self, preset);
  self->setting_preset = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->spec_view), text, -1);
  self->setting_preset = FALSE;
}

static void
on_spec_changed_cb (SlTrainPage *self)
{
  if (!self->setting_preset)
    gtk_drop_down_set_selected (self->preset_dropdown, G_N_ELEMENTS (presets));
}

/* Why training cannot start now (a sentence), or NULL; *offer_splits when making splits would
 * help. */
static char *
find_start_blocker (SlTrainPage *self,
                    gboolean    *offer_splits)
{
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;
  GArray *train, *val, *test, *none;
  gint64 labelled = 0, in_train = 0;

  *offer_splits = FALSE;
  if (self->catalog == NULL)
    return g_strdup (_("Open or create a catalog first."));
  classes = sl_catalog_list_classes (self->catalog);
  if (classes->len < 2)
    return g_strdup_printf (_("Training needs at least two classes; the catalog has %u. Add "
                              "classes in the sidebar."), classes->len);
  counts = sl_catalog_count_by_split_and_class (self->catalog, &error);
  if (counts == NULL)
    return g_strdup_printf (_("Could not count the labelled images: %s"), error->message);
  none = g_hash_table_lookup (counts, GINT_TO_POINTER (SL_SPLIT_NONE));
  train = g_hash_table_lookup (counts, GINT_TO_POINTER (SL_SPLIT_TRAIN));
  val = g_hash_table_lookup (counts, GINT_TO_POINTER (SL_SPLIT_VAL));
  test = g_hash_table_lookup (counts, GINT_TO_POINTER (SL_SPLIT_TEST));
  for (guint k = 0; k < classes->len; k++)
    {
      in_train += g_array_index (train, gint64, k);
      labelled += g_array_index (train, gint64, k) + g_array_index (val, gint64, k)
                  + g_array_index (test, gint64, k) + g_array_index (none, gint64, k);
    }
  if (labelled == 0)
    return g_strdup (_("No image is labelled yet: label some images first."));
  if (in_train == 0)
    {
      *offer_splits = TRUE;
      return g_strdup (_("No labelled image is in the train split: make splits first."));
    }
  for (guint k = 0; k < classes->len; k++)
    {
      gint64 have = g_array_index (train, gint64, k) + g_array_index (val, gint64, k);

      if (have < MIN_PER_CLASS)
        {
          *offer_splits = g_array_index (none, gint64, k) > 0;
          return g_strdup_printf (_("Too few labelled images: “%s” has %d in the train and "
                                    "validation splits; training needs at least %d of each "
                                    "class."),
                                  ((SlClassInfo *) g_ptr_array_index (classes, k))->name,
                                  (int) have, MIN_PER_CLASS);
        }
    }
  return NULL;
}

void
sl_train_page_update_start (SlTrainPage *self)
{
  gboolean offer_splits = FALSE;

  g_return_if_fail (SL_IS_TRAIN_PAGE (self));

  g_clear_handle_id (&self->update_start_id, g_source_remove);
  g_clear_pointer (&self->start_blocker, g_free);
  if (self->job == NULL)
    self->start_blocker = find_start_blocker (self, &offer_splits);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button),
                            self->job == NULL && self->start_blocker == NULL);
  gtk_label_set_label (self->start_blocker_label, self->start_blocker);
  gtk_widget_set_visible (self->start_blocker_box, self->start_blocker != NULL);
  gtk_widget_set_visible (self->make_splits_button, offer_splits);
}

static gboolean
update_start_cb (gpointer data)
{
  SlTrainPage *self = data;

  self->update_start_id = 0;
  sl_train_page_update_start (self);
  return G_SOURCE_REMOVE;
}

/* Labels come in bursts (a key held down): count once they rest, and only while the page is
 * shown (mapping it counts). */
static void
schedule_update_start (SlTrainPage *self)
{
  if (self->update_start_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->update_start_id = g_timeout_add (150, update_start_cb, self);
}

const char *
sl_train_page_get_start_blocker (SlTrainPage *self)
{
  g_return_val_if_fail (SL_IS_TRAIN_PAGE (self), NULL);
  return self->start_blocker;
}

/* The error banner */

static void
show_error (SlTrainPage *self,
            const char  *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
on_error_close_clicked_cb (SlTrainPage *self)
{
  show_error (self, NULL);
}

const char *
sl_train_page_get_error (SlTrainPage *self)
{
  g_return_val_if_fail (SL_IS_TRAIN_PAGE (self), NULL);
  return gtk_revealer_get_reveal_child (self->error_revealer)
         ? gtk_label_get_label (self->error_label) : NULL;
}

/* The selected model: its name and its stored training curves */

static SlModelInfo *
selected_model (SlTrainPage *self)
{
  gint64 id = self->workspace != NULL ? sl_workspace_get_model_id (self->workspace) : 0;

  if (self->catalog == NULL || id == 0)
    return NULL;
  return sl_catalog_get_model_info (self->catalog, id, NULL);
}

/* The epoch ends stored with the model ("history" in its metrics). */
static void
plot_history (SlTrainPage       *self,
              const SlModelInfo *info)
{
  g_autoptr(JsonObject) metrics = NULL;
  JsonArray *history;

  if (info->metrics_json == NULL)
    return;
  metrics = sl_json_parse_object (info->metrics_json, info->name, NULL);
  if (metrics == NULL || !json_object_has_member (metrics, "history")
      || (history = json_object_get_array_member (metrics, "history")) == NULL)
    return;
  for (guint i = 0; i < json_array_get_length (history); i++)
    {
      JsonObject *epoch = json_array_get_object_element (history, i);
      double x;

      if (epoch == NULL)
        continue;
      x = sl_json_number (epoch, "epoch", i + 1);
      sl_chart_add_point (self->chart, SERIES_TRAIN_LOSS, x, sl_json_number (epoch, "loss", NAN));
      sl_chart_add_point (self->chart, SERIES_VAL_LOSS, x,
                          sl_json_number (epoch, "val_loss", NAN));
      sl_chart_add_point (self->chart, SERIES_TRAIN_ACCURACY, x,
                          sl_json_number (epoch, "accuracy", NAN));
      sl_chart_add_point (self->chart, SERIES_VAL_ACCURACY, x,
                          sl_json_number (epoch, "val_accuracy", NAN));
    }
}

static void
show_selected_model (SlTrainPage *self)
{
  g_autoptr(SlModelInfo) info = selected_model (self);

  gtk_label_set_label (self->model_name_label, info != NULL ? info->name : _("No model yet"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->model_name_label),
                               info != NULL ? info->name : NULL);
  gtk_widget_set_sensitive (self->rename_button, info != NULL);
  if (self->job != NULL || self->showing_run)
    return;
  sl_chart_clear_points (self->chart);
  if (info == NULL)
    {
      sl_chart_set_title (self->chart, _("Training progress"));
      return;
    }
  {
    g_autofree char *title = g_strdup_printf (_("Training of “%s”"), info->name);

    sl_chart_set_title (self->chart, title);
  }
  plot_history (self, info);
}

static void
on_model_id_changed_cb (SlTrainPage *self)
{
  self->showing_run = FALSE;
  show_selected_model (self);
}

static void
on_rename_response_cb (GtkDialog   *dialog,
                       int          response,
                       SlTrainPage *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "name-entry");
  gint64 id = self->workspace != NULL ? sl_workspace_get_model_id (self->workspace) : 0;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->catalog != NULL && id != 0
      && !sl_catalog_rename_model (self->catalog, id, gtk_editable_get_text (entry), &error))
    {
      gtk_label_set_label (GTK_LABEL (g_object_get_data (G_OBJECT (dialog), "error-label")),
                           error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
on_rename_button_clicked_cb (SlTrainPage *self)
{
  g_autoptr(SlModelInfo) info = selected_model (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog, *box, *entry, *error_label;

  if (info == NULL)
    return;
  dialog = gtk_dialog_new_with_buttons (_("Rename Model"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT
                                        | GTK_DIALOG_USE_HEADER_BAR,
                                        _("_Cancel"), GTK_RESPONSE_CANCEL,
                                        _("_Rename"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  box = gtk_dialog_get_content_area (GTK_DIALOG (dialog));
  gtk_box_set_spacing (GTK_BOX (box), 6);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), info->name);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 32);
  error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_widget_add_css_class (error_label, "error");
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), error_label);
  g_object_set_data (G_OBJECT (dialog), "name-entry", entry);
  g_object_set_data (G_OBJECT (dialog), "error-label", error_label);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_running (SlTrainPage *self,
             gboolean     running)
{
  sl_train_page_update_start (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->spec_view), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->preset_dropdown), !running);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
on_progress_cb (SlTrainJob            *job,
                const SlTrainProgress *progress,
                SlTrainPage           *self)
{
  double batches = MAX (progress->batches, 1);
  double x = MAX (progress->epoch - 1, 0) + (double) progress->batch / batches;
  double fraction = x / MAX (progress->epochs, 1);
  g_autofree char *text = NULL;

  if (job != self->job)
    return;   /* a report of an earlier run */
  if (progress->epoch_done)
    {
      x = progress->epoch;
      fraction = (double) progress->epoch / MAX (progress->epochs, 1);
      sl_chart_add_point (self->chart, SERIES_VAL_LOSS, x, progress->val_loss);
      sl_chart_add_point (self->chart, SERIES_VAL_ACCURACY, x, progress->val_accuracy);
      text = g_strdup_printf (_("Epoch %d of %d: validation accuracy %.1f%%, AUC %.3f"),
                              progress->epoch, progress->epochs, 100 * progress->val_accuracy,
                              progress->val_auc);
    }
  else
    {
      int window;

      if (progress->epoch != self->mark_epoch || progress->batch < self->mark_batch)
        {
          self->mark_epoch = progress->epoch;
          self->mark_batch = 0;
          self->mark_loss_sum = self->mark_accuracy_sum = 0;
        }
      /* about 25 points per epoch */
      window = progress->batch - self->mark_batch;
      if (window > 0 && (window * 25 >= progress->batches || progress->batch == progress->batches))
        {
          double loss_sum = progress->loss * progress->batch;
          double accuracy_sum = progress->accuracy * progress->batch;
          double loss = (loss_sum - self->mark_loss_sum) / window;
          double accuracy = (accuracy_sum - self->mark_accuracy_sum) / window;

          if (self->smooth_loss < 0)
            {
              self->smooth_loss = loss;
              self->smooth_accuracy = accuracy;
            }
          self->smooth_loss = SMOOTHING * self->smooth_loss + (1 - SMOOTHING) * loss;
          self->smooth_accuracy = SMOOTHING * self->smooth_accuracy + (1 - SMOOTHING) * accuracy;
          sl_chart_add_point (self->chart, SERIES_TRAIN_LOSS, x, self->smooth_loss);
          sl_chart_add_point (self->chart, SERIES_TRAIN_ACCURACY, x, self->smooth_accuracy);
          self->mark_batch = progress->batch;
          self->mark_loss_sum = loss_sum;
          self->mark_accuracy_sum = accuracy_sum;
        }
    }
  if (progress->epoch_done)
    gtk_label_set_label (self->status_label, text);
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf (_("Epoch %d of %d · loss %.3f · %.0f images/s"), MAX (progress->epoch, 1),
                          progress->epochs, progress->loss, progress->images_per_second);
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void on_train_completed_cb (SlTrainJob   *job,
                                   const GError *error,
                                   SlTrainPage  *self);

static void
run_job (SlTrainPage *self,
         SlTrainJob  *job)
{
  self->job = job;
  g_signal_connect_object (self->job, "progress", G_CALLBACK (on_progress_cb), self, 0);
  g_signal_connect_object (self->job, "completed", G_CALLBACK (on_train_completed_cb), self, 0);
  sl_workspace_run_job (self->workspace, SL_JOB (self->job));
  set_running (self, TRUE);
}

static void
on_keep_best_response_cb (GtkDialog   *dialog,
                          int          response,
                          SlTrainPage *self)
{
  SlTrainJob *cancelled = g_object_get_data (G_OBJECT (dialog), "job");

  if (response == GTK_RESPONSE_ACCEPT && self->job == NULL && self->workspace != NULL)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_progress_bar_set_text (self->progress_bar, _("Storing the best model so far…"));
      gtk_label_set_label (self->status_label, "");
      run_job (self, sl_train_job_new_keep_best (cancelled));
    }
  else
    {
      sl_train_job_discard_best (cancelled);
      gtk_label_set_label (self->status_label, _("Training cancelled; nothing was stored."));
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A cancelled run with at least one epoch done: keep its best epoch as a model, or discard. */
static void
ask_keep_best (SlTrainPage *self,
               SlTrainJob  *job)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *keep = NULL;
  GtkWidget *dialog;
  double accuracy, auc;
  int epoch;

  if (!sl_train_job_get_best_so_far (job, &epoch, &accuracy, &auc))
    {
      gtk_label_set_label (self->status_label,
                           _("Training cancelled before its first epoch ended; nothing was "
                             "stored."));
      return;
    }
  keep = isnan (auc) ? g_strdup_printf (_("Keep best (epoch %d, val accuracy %.1f%%)"), epoch,
                                        100 * accuracy)
                     : g_strdup_printf (_("Keep best (epoch %d, val AUC %.2f)"), epoch, auc);
  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s",
                                   _("Keep the best model so far?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("Training was cancelled. Its best epoch can be "
                                              "stored as a model with its predictions, like a "
                                              "finished run, or the run discarded."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Discard"), GTK_RESPONSE_REJECT, keep,
                          GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_object_set_data_full (G_OBJECT (dialog), "job", g_object_ref (job), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_keep_best_response_cb), self, 0);
  gtk_label_set_label (self->status_label, _("Training cancelled."));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_train_completed_cb (SlTrainJob   *job,
                       const GError *error,
                       SlTrainPage  *self)
{
  SlTrainOutcome outcome = { 0 };
  g_autofree char *text = NULL;
  g_autoptr(SlTrainJob) done = NULL;

  if (job != self->job)
    return;
  done = g_steal_pointer (&self->job);
  set_running (self, FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, error == NULL ? 1 : 0);
  gtk_progress_bar_set_text (self->progress_bar, error == NULL ? _("Done") : "");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      ask_keep_best (self, job);
      return;
    }
  if (error != NULL)
    {
      gtk_label_set_label (self->status_label, "");
      show_error (self, error->message);
      return;
    }
  outcome = *sl_train_job_get_outcome (job);
  text = g_strdup_printf (_("Done in %.0f s (%d epochs, %.0f images/s). Best epoch %d: "
                            "validation accuracy %.1f%%, AUC %.3f."),
                          outcome.seconds, outcome.epochs_run, outcome.images_per_second,
                          outcome.best_epoch, 100 * outcome.best_val_accuracy,
                          outcome.best_val_auc);
  if (outcome.val_held_out > 0)
    {
      g_autofree char *finished = g_steal_pointer (&text);

      text = g_strdup_printf (_("%s The catalog had no val split: %d train images (10%% of "
                                "each class) are now the val split."),
                              finished, outcome.val_held_out);
    }
  gtk_label_set_label (self->status_label, text);
  /* the stored curves replace the live ones once the window shows the new model */
  self->showing_run = FALSE;
  g_signal_emit (self, signals[MODEL_TRAINED], 0, outcome.model_id);
}

void
sl_train_page_start (SlTrainPage *self)
{
  SlTrainSettings settings;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *arch = NULL;

  g_return_if_fail (SL_IS_TRAIN_PAGE (self));

  if (self->workspace == NULL || self->catalog == NULL || self->job != NULL)
    return;
  sl_train_page_update_start (self);
  if (self->start_blocker != NULL)
    return;
  buffer = gtk_text_view_get_buffer (self->spec_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  arch = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));

  sl_train_settings_init (&settings);
  settings.arch = *arch != '\0' ? g_strdup (arch) : NULL;
  settings.epochs = gtk_spin_button_get_value_as_int (self->epochs_spin);
  settings.lr = gtk_spin_button_get_value (self->lr_spin);
  settings.seed = (guint64) gtk_spin_button_get_value (self->seed_spin);
  settings.input_size = gtk_spin_button_get_value_as_int (self->input_size_spin);

  sl_chart_clear_points (self->chart);
  sl_chart_set_title (self->chart, _("Training progress"));
  show_error (self, NULL);
  self->showing_run = TRUE;
  self->mark_epoch = -1;
  self->smooth_loss = self->smooth_accuracy = -1;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Reading the images…"));
  gtk_label_set_label (self->status_label, _("Training in the background: keep labeling if you like."));
  run_job (self, sl_train_job_new (sl_catalog_get_path (self->catalog), &settings));
  sl_train_settings_clear (&settings);
}

void
sl_train_page_cancel (SlTrainPage *self)
{
  g_return_if_fail (SL_IS_TRAIN_PAGE (self));

  if (self->job != NULL)
    sl_job_cancel (SL_JOB (self->job));
}

static void
on_start_button_clicked_cb (SlTrainPage *self)
{
  sl_train_page_start (self);
}

static void
on_cancel_button_clicked_cb (SlTrainPage *self)
{
  sl_train_page_cancel (self);
  gtk_label_set_label (self->status_label, _("Cancelling…"));
}

static void
sl_train_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SlTrainPage *self = SL_TRAIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, sl_train_page_get_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_train_page_dispose (GObject *object)
{
  SlTrainPage *self = SL_TRAIN_PAGE (object);
  GtkWidget *child;

  sl_train_page_cancel (self);
  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_clear_handle_id (&self->update_start_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_TRAIN_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->job);
  g_clear_object (&self->catalog);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->start_blocker, g_free);
  G_OBJECT_CLASS (sl_train_page_parent_class)->dispose (object);
}

static void
sl_train_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sl_train_page_parent_class)->map (widget);
  sl_train_page_update_start (SL_TRAIN_PAGE (widget));
}

/* 0 on the learning rate and input size means "chosen for you": the field says so. */
static gboolean
on_zero_is_default_output_cb (GtkSpinButton *spin)
{
  if (gtk_spin_button_get_value (spin) > 0)
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (spin), _("Default"));
  return TRUE;
}

static int
on_zero_is_default_input_cb (GtkSpinButton *spin,
                             double        *value)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), _("Default")) != 0)
    return FALSE;
  *value = 0;
  return TRUE;
}

static void
sl_train_page_class_init (SlTrainPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_train_page_dispose;
  object_class->get_property = sl_train_page_get_property;
  widget_class->map = sl_train_page_map;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SlTrainPage::model-trained:
   * A training run finished and stored its model and predictions.
   */
  signals[MODEL_TRAINED] =
    g_signal_new ("model-trained", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (SL_TYPE_CHART);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/ui/sl-train-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, preset_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, spec_view);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, epochs_spin);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, lr_spin);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, input_size_spin);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, start_blocker_box);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, start_blocker_label);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, make_splits_button);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, model_name_label);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, rename_button);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, chart);
  gtk_widget_class_bind_template_callback (widget_class, on_start_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_rename_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_error_close_clicked_cb);
}

static void
sl_train_page_init (SlTrainPage *self)
{
  GdkRGBA blue, orange;

  gtk_widget_init_template (GTK_WIDGET (self));

  gdk_rgba_parse (&blue, "#3584e4");
  gdk_rgba_parse (&orange, "#e66100");
  sl_chart_add_series (self->chart, _("Train loss"), &blue, FALSE, SL_CHART_AXIS_LEFT);
  sl_chart_add_series (self->chart, _("Val loss"), &blue, TRUE, SL_CHART_AXIS_LEFT);
  sl_chart_add_series (self->chart, _("Train accuracy"), &orange, FALSE, SL_CHART_AXIS_RIGHT);
  sl_chart_add_series (self->chart, _("Val accuracy"), &orange, TRUE, SL_CHART_AXIS_RIGHT);
  sl_chart_set_title (self->chart, _("Training progress"));
  sl_chart_set_x_label (self->chart, _("Epoch"));
  sl_chart_set_y_label (self->chart, _("Loss"));
  sl_chart_set_y2_label (self->chart, _("Accuracy"));

  g_signal_connect (self->lr_spin, "output", G_CALLBACK (on_zero_is_default_output_cb), NULL);
  g_signal_connect (self->lr_spin, "input", G_CALLBACK (on_zero_is_default_input_cb), NULL);
  g_signal_connect (self->input_size_spin, "output", G_CALLBACK (on_zero_is_default_output_cb),
                    NULL);
  g_signal_connect (self->input_size_spin, "input", G_CALLBACK (on_zero_is_default_input_cb),
                    NULL);
  gtk_spin_button_update (self->lr_spin);
  gtk_spin_button_update (self->input_size_spin);
  g_signal_connect_swapped (self->preset_dropdown, "notify::selected",
                            G_CALLBACK (on_preset_selected_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->spec_view), "changed",
                            G_CALLBACK (on_spec_changed_cb), self);
  on_preset_selected_cb (self);
  sl_train_page_update_start (self);
  show_selected_model (self);
}

void
sl_train_page_set_workspace (SlTrainPage *self,
                             SlWorkspace *workspace)
{
  g_return_if_fail (SL_IS_TRAIN_PAGE (self));

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_set_object (&self->workspace, workspace);
  if (workspace != NULL)
    g_signal_connect_object (workspace, "notify::model-id", G_CALLBACK (on_model_id_changed_cb),
                             self, G_CONNECT_SWAPPED);
  show_selected_model (self);
}

/* A run of another catalog is cancelled and forgotten: nothing of it is offered to keep. */
void
sl_train_page_set_catalog (SlTrainPage *self,
                           SlCatalog   *catalog)
{
  g_return_if_fail (SL_IS_TRAIN_PAGE (self));

  sl_train_page_cancel (self);
  g_clear_object (&self->job);
  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  g_set_object (&self->catalog, catalog);
  if (catalog != NULL)
    {
      g_signal_connect_object (catalog, "labels-changed", G_CALLBACK (schedule_update_start),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (catalog, "images-changed", G_CALLBACK (schedule_update_start),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (catalog, "models-changed", G_CALLBACK (show_selected_model),
                               self, G_CONNECT_SWAPPED);
    }
  show_error (self, NULL);
  set_running (self, FALSE);
  self->showing_run = FALSE;
  on_preset_selected_cb (self);
  show_selected_model (self);
}

gboolean
sl_train_page_get_running (SlTrainPage *self)
{
  g_return_val_if_fail (SL_IS_TRAIN_PAGE (self), FALSE);
  return self->job != NULL;
}

void
sl_train_page_set_epochs (SlTrainPage *self,
                          int          epochs)
{
  g_return_if_fail (SL_IS_TRAIN_PAGE (self));
  gtk_spin_button_set_value (self->epochs_spin, epochs);
}

void
sl_train_page_set_arch (SlTrainPage *self,
                        const char  *arch)
{
  g_return_if_fail (SL_IS_TRAIN_PAGE (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->spec_view), arch, -1);
}

SlChart *
sl_train_page_get_chart (SlTrainPage *self)
{
  g_return_val_if_fail (SL_IS_TRAIN_PAGE (self), NULL);
  return self->chart;
}
