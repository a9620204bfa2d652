/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-defaults.h"
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
  GtkProgressBar *progress_bar;
  GtkLabel *status_label;
  SlChart *chart;

  SlWorkspace *workspace;     /* runs the job */
  SlCatalog *catalog;
  SlTrainJob *job;            /* the running one */
  gboolean setting_preset;

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

static void
set_running (SlTrainPage *self,
             gboolean     running)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button), !running);
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

static void
on_train_completed_cb (SlTrainJob   *job,
                       const GError *error,
                       SlTrainPage  *self)
{
  SlTrainOutcome outcome = { 0 };
  g_autofree char *text = NULL;

  if (job != self->job)
    return;
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        text = g_strdup (_("Training cancelled; nothing was stored."));
      else
        text = g_strdup_printf (_("Training failed: %s"), error->message);
    }
  else
    {
      outcome = *sl_train_job_get_outcome (job);
      text = g_strdup_printf (_("Done in %.0f s (%d epochs, %.0f images/s). Best epoch %d: "
                                "validation accuracy %.1f%%, AUC %.3f."),
                              outcome.seconds, outcome.epochs_run, outcome.images_per_second,
                              outcome.best_epoch, 100 * outcome.best_val_accuracy,
                              outcome.best_val_auc);
      if (outcome.val_held_out > 0)
        {
          g_autofree char *done = g_steal_pointer (&text);

          text = g_strdup_printf (_("%s The catalog had no val split: %d train images (10%% of "
                                    "each class) are now the val split."),
                                  done, outcome.val_held_out);
        }
    }
  gtk_label_set_label (self->status_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, outcome.model_id > 0 ? 1 : 0);
  gtk_progress_bar_set_text (self->progress_bar, outcome.model_id > 0 ? _("Done") : "");
  g_clear_object (&self->job);
  set_running (self, FALSE);
  if (outcome.model_id > 0)
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
  self->mark_epoch = -1;
  self->smooth_loss = self->smooth_accuracy = -1;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Reading the images…"));
  gtk_label_set_label (self->status_label, _("Training in the background: keep labeling if you like."));
  self->job = sl_train_job_new (sl_catalog_get_path (self->catalog), &settings);
  sl_train_settings_clear (&settings);
  g_signal_connect_object (self->job, "progress", G_CALLBACK (on_progress_cb), self, 0);
  g_signal_connect_object (self->job, "completed", G_CALLBACK (on_train_completed_cb), self, 0);
  sl_workspace_run_job (self->workspace, SL_JOB (self->job));
  set_running (self, TRUE);
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
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_TRAIN_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->job);
  g_clear_object (&self->catalog);
  g_clear_object (&self->workspace);
  G_OBJECT_CLASS (sl_train_page_parent_class)->dispose (object);
}

static void
sl_train_page_class_init (SlTrainPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_train_page_dispose;
  object_class->get_property = sl_train_page_get_property;

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
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlTrainPage, chart);
  gtk_widget_class_bind_template_callback (widget_class, on_start_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked_cb);
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

  g_signal_connect_swapped (self->preset_dropdown, "notify::selected",
                            G_CALLBACK (on_preset_selected_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->spec_view), "changed",
                            G_CALLBACK (on_spec_changed_cb), self);
  on_preset_selected_cb (self);
}

void
sl_train_page_set_workspace (SlTrainPage *self,
                             SlWorkspace *workspace)
{
  g_return_if_fail (SL_IS_TRAIN_PAGE (self));
  g_set_object (&self->workspace, workspace);
}

void
sl_train_page_set_catalog (SlTrainPage *self,
                           SlCatalog   *catalog)
{
  g_return_if_fail (SL_IS_TRAIN_PAGE (self));

  sl_train_page_cancel (self);
  g_set_object (&self->catalog, catalog);
  on_preset_selected_cb (self);
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
