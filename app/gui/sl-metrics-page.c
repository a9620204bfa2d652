/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sl-confusion-matrix.h"
#include "sl-drop-down-names.h"
#include "sl-export-actions.h"
#include "sl-evaluate-job.h"
#include "sl-metrics-page.h"
#include "sl-metrics.h"
#include "sl-report-job.h"
#include "sl-workspace.h"
#include "sl-roc-curve.h"
#include "sl-toast.h"

struct _SlMetricsPage
{
  GtkWidget parent_instance;

  GtkDropDown *model_dropdown;
  GtkDropDown *split_dropdown;
  GtkSpinner *spinner;
  GtkLabel *status_label;
  GtkLabel *accuracy_label;
  GtkLabel *accuracy_caption;
  GtkLabel *auc_label;
  GtkLabel *f1_label;
  GtkLabel *n_label;
  SlConfusionMatrix *matrix;
  SlRocCurve *roc;
  GtkGrid *table;
  GtkOverlay *overlay;
  SlToast *toast;                     /* the report's, NULL until one was written */

  SlCatalog *catalog;
  SlClassTable *classes;
  GPtrArray *models;          /* SlModelInfo*, as in model_dropdown */
  SlEvaluation *evaluation;
  SlWorkspace *workspace;             /* runs the jobs */
  SlJob *evaluate_job;                /* the evaluation under way, NULL when none */
  SlJob *report_job;                  /* the report being written, NULL when none */
  char *report_path;
  char *written_report;               /* the last report written, for the toast's Open */
  gboolean updating;
  gboolean stale;             /* context changed while hidden: evaluate when mapped */
};

G_DEFINE_FINAL_TYPE (SlMetricsPage, sl_metrics_page, GTK_TYPE_WIDGET)

enum {
  CELL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

SlSplit
sl_metrics_page_get_split (SlMetricsPage *self)
{
  g_return_val_if_fail (SL_IS_METRICS_PAGE (self), SL_SPLIT_TEST);
  return (SlSplit) (gtk_drop_down_get_selected (self->split_dropdown) + SL_SPLIT_TRAIN);
}

static void
clear_table (SlMetricsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))) != NULL)
    gtk_grid_remove (self->table, child);
}

static void
table_cell (SlMetricsPage *self,
            int            column,
            int            row,
            const char    *text,
            gboolean       header)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  gtk_widget_add_css_class (label, header ? "heading" : "numeric");
  if (header)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_grid_attach (self->table, label, column, row, 1, 1);
}

static void
show_evaluation (SlMetricsPage *self)
{
  SlEvaluation *e = self->evaluation;
  const char *headers[] = { N_("Class"), N_("Images"), N_("Precision"), N_("Recall"),
                            N_("Specificity"), N_("F1"), N_("AUC") };
  g_autofree char *text = NULL;
  g_autofree float *fpr = NULL;
  g_autofree float *tpr = NULL;
  g_autofree float *scores = NULL;
  g_autofree int *positive = NULL;
  static const char *colors[] = { "#3584e4", "#e66100", "#2ec27e", "#c061cb", "#f5c211" };

  clear_table (self);
  sl_roc_curve_clear (self->roc);
  /* the balanced figure in the caption: four equal columns of big figures stay narrow */
  text = g_strdup_printf ("%.1f%%", 100 * e->accuracy);
  gtk_label_set_label (self->accuracy_label, text);
  g_free (text);
  text = g_strdup_printf (_("Accuracy (balanced %.1f%%)"), 100 * e->balanced_accuracy);
  gtk_label_set_label (self->accuracy_caption, text);
  g_free (text);
  text = isnan (e->auc) ? g_strdup ("—") : g_strdup_printf ("%.3f", e->auc);
  gtk_label_set_label (self->auc_label, text);
  g_free (text);
  text = g_strdup_printf ("%.3f", e->macro_f1);
  gtk_label_set_label (self->f1_label, text);
  g_free (text);
  text = g_strdup_printf ("%d", e->n);
  gtk_label_set_label (self->n_label, text);
  sl_confusion_matrix_set_data (self->matrix, e->n_classes, (const char *const *) e->class_names,
                                e->confusion);

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    table_cell (self, c, 0, _(headers[c]), TRUE);
  fpr = g_new (float, e->n + 1);
  tpr = g_new (float, e->n + 1);
  scores = g_new (float, MAX (e->n, 1));
  positive = g_new (int, MAX (e->n, 1));
  for (int k = 0; k < e->n_classes; k++)
    {
      int support = 0, n_points;
      double auc;
      GdkRGBA color;
      char cell[32];

      for (int i = 0; i < e->n; i++)
        {
          scores[i] = e->probs[(gsize) i * e->n_classes + k];
          positive[i] = e->y_true[i] == k;
          support += positive[i];
        }
      auc = sl_roc_auc (scores, positive, e->n);
      /* two classes: one curve, for the second ("positive") class */
      if (e->n_classes > 2 || k == 1)
        {
          n_points = sl_roc_curve (scores, positive, e->n, fpr, tpr);
          gdk_rgba_parse (&color, colors[k % G_N_ELEMENTS (colors)]);
          sl_roc_curve_add_series (self->roc, e->class_names[k], &color, fpr, tpr,
                                   (guint) MAX (n_points, 0), auc);
        }
      table_cell (self, 0, k + 1, e->class_names[k], FALSE);
      g_snprintf (cell, sizeof cell, "%d", support);
      table_cell (self, 1, k + 1, cell, FALSE);
      g_snprintf (cell, sizeof cell, "%.3f", e->precision[k]);
      table_cell (self, 2, k + 1, cell, FALSE);
      g_snprintf (cell, sizeof cell, "%.3f", e->recall[k]);
      table_cell (self, 3, k + 1, cell, FALSE);
      g_snprintf (cell, sizeof cell, "%.3f", e->specificity[k]);
      table_cell (self, 4, k + 1, cell, FALSE);
      g_snprintf (cell, sizeof cell, "%.3f", e->f1[k]);
      table_cell (self, 5, k + 1, cell, FALSE);
      if (isnan (auc))
        g_strlcpy (cell, "—", sizeof cell);
      else
        g_snprintf (cell, sizeof cell, "%.3f", auc);
      table_cell (self, 6, k + 1, cell, FALSE);
    }
}

static void
on_evaluated_cb (SlJob         *job,
                 const GError  *error,
                 SlMetricsPage *self)
{
  if (job != self->evaluate_job)
    return;   /* a newer request replaced this one */
  g_clear_object (&self->evaluate_job);
  gtk_spinner_stop (self->spinner);
  if (error != NULL)
    {
      gtk_label_set_label (self->status_label,
                           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                           ? _("Evaluation cancelled") : error->message);
      return;
    }
  g_clear_pointer (&self->evaluation, sl_evaluation_free);
  self->evaluation = sl_evaluate_job_steal_evaluation (job);
  gtk_label_set_label (self->status_label, "");
  show_evaluation (self);
}

void
sl_metrics_page_refresh (SlMetricsPage *self)
{
  gint64 model_id;

  g_return_if_fail (SL_IS_METRICS_PAGE (self));

  self->stale = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "metrics.write-report",
                                 sl_metrics_page_get_model_id (self) != 0 &&
                                 self->report_job == NULL);
  if (self->evaluate_job != NULL)
    sl_job_cancel (self->evaluate_job);
  g_clear_object (&self->evaluate_job);
  model_id = sl_metrics_page_get_model_id (self);
  if (self->workspace == NULL || self->catalog == NULL || model_id == 0)
    {
      gtk_label_set_label (self->status_label, _("Train a model to see its metrics."));
      return;
    }
  gtk_spinner_start (self->spinner);
  gtk_label_set_label (self->status_label, _("Evaluating…"));
  self->evaluate_job = sl_evaluate_job_new (sl_catalog_get_path (self->catalog), model_id,
                                            sl_metrics_page_get_split (self));
  g_signal_connect_object (self->evaluate_job, "completed", G_CALLBACK (on_evaluated_cb), self, 0);
  sl_workspace_run_job (self->workspace, self->evaluate_job);
}

static void
on_choice_changed_cb (SlMetricsPage *self)
{
  if (!self->updating)
    sl_metrics_page_refresh (self);
}

static void
on_matrix_cell_activated_cb (SlMetricsPage     *self,
                             int                true_class,
                             int                predicted_class,
                             SlConfusionMatrix *matrix)
{
  SlEvaluation *e = self->evaluation;

  if (e == NULL || self->catalog == NULL || true_class >= e->n_classes || predicted_class >= e->n_classes)
    return;
  g_signal_emit (self, signals[CELL_ACTIVATED], 0,
                 sl_catalog_find_class (self->catalog, e->class_names[true_class]),
                 sl_catalog_find_class (self->catalog, e->class_names[predicted_class]),
                 (int) sl_metrics_page_get_split (self));
}

void
sl_metrics_page_set_split (SlMetricsPage *self,
                           SlSplit        split)
{
  g_return_if_fail (SL_IS_METRICS_PAGE (self));
  g_return_if_fail (split >= SL_SPLIT_TRAIN && split <= SL_SPLIT_TEST);
  gtk_drop_down_set_selected (self->split_dropdown, split - SL_SPLIT_TRAIN);
}

/* The report */

static void
set_report_busy (SlMetricsPage *self,
                 gboolean       busy)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "metrics.write-report", !busy);
  if (busy)
    {
      gtk_spinner_start (self->spinner);
      gtk_label_set_label (self->status_label, _("Writing the report…"));
    }
  else if (self->evaluate_job == NULL)
    gtk_spinner_stop (self->spinner);
}

static void
show_report_error (SlMetricsPage *self,
                   const char    *title,
                   const char    *detail)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", title);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", detail);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_report_written_cb (SlJob         *job,
                      const GError  *error,
                      SlMetricsPage *self)
{
  g_autofree char *path = g_steal_pointer (&self->report_path);
  g_autofree char *text = NULL;

  g_autofree char *name = NULL;

  g_clear_object (&self->report_job);
  set_report_busy (self, FALSE);
  gtk_label_set_label (self->status_label, "");
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_report_error (self, _("Could not write the report"), error->message);
      return;
    }
  name = g_filename_display_basename (path);
  text = g_strdup_printf (_("Report written to %s"), name);
  g_free (self->written_report);
  self->written_report = g_steal_pointer (&path);
  if (self->toast == NULL)
    {
      self->toast = SL_TOAST (sl_toast_new ());
      gtk_overlay_add_overlay (self->overlay, GTK_WIDGET (self->toast));
    }
  sl_toast_show (self->toast, text, _("_Open"), "metrics.open-report", NULL);
}

static void
on_report_launched_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(SlMetricsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error)
      && gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    show_report_error (self, _("Could not open the report"), error->message);
}

/* "metrics.open-report": shows the report written last in the desktop's PDF viewer. */
static void
open_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlMetricsPage *self = SL_METRICS_PAGE (widget);
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GdkAppLaunchContext) context = NULL;

  if (self->written_report == NULL)
    return;
  file = g_file_new_for_path (self->written_report);
  uri = g_file_get_uri (file);
  context = gdk_display_get_app_launch_context (gtk_widget_get_display (widget));
  if (self->toast != NULL)
    sl_toast_dismiss (self->toast);
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL,
                                           on_report_launched_cb, g_object_ref (widget));
}

gboolean
sl_metrics_page_write_report (SlMetricsPage *self,
                              const char    *path)
{
  gint64 model_id;

  g_return_val_if_fail (SL_IS_METRICS_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  model_id = sl_metrics_page_get_model_id (self);
  if (self->workspace == NULL || self->catalog == NULL || model_id == 0
      || self->report_job != NULL)
    return FALSE;
  g_free (self->report_path);
  self->report_path = g_strdup (path);
  set_report_busy (self, TRUE);
  self->report_job = sl_report_job_new (sl_catalog_get_path (self->catalog), model_id, NULL,
                                        sl_metrics_page_get_split (self), path);
  g_signal_connect_object (self->report_job, "completed", G_CALLBACK (on_report_written_cb),
                           self, 0);
  sl_workspace_run_job (self->workspace, self->report_job);
  return TRUE;
}

gboolean
sl_metrics_page_get_writing_report (SlMetricsPage *self)
{
  g_return_val_if_fail (SL_IS_METRICS_PAGE (self), FALSE);
  return self->report_job != NULL;
}

static void
on_report_chooser_response_cb (GtkNativeDialog *chooser,
                               int              response,
                               SlMetricsPage   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *typed = g_file_get_path (file);
      g_autofree char *path = typed != NULL ? sl_export_path_with_extension (typed, ".pdf") : NULL;

      if (path != NULL)
        sl_metrics_page_write_report (self, path);
    }
  g_object_unref (chooser);
}

/* "metrics.write-report" (s): writes to the path given, or asks for one when it is empty. */
static void
write_report_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SlMetricsPage *self = SL_METRICS_PAGE (widget);
  const char *target = g_variant_get_string (parameter, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = NULL;

  if (*target != '\0')
    {
      sl_metrics_page_write_report (self, target);
      return;
    }
  chooser = gtk_file_chooser_native_new (_("Write Report"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Write"), _("_Cancel"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_pattern (filter, "*.pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "report.pdf");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_report_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
sl_metrics_page_map (GtkWidget *widget)
{
  SlMetricsPage *self = SL_METRICS_PAGE (widget);

  GTK_WIDGET_CLASS (sl_metrics_page_parent_class)->map (widget);
  if (self->stale)
    sl_metrics_page_refresh (self);
}

static void
sl_metrics_page_dispose (GObject *object)
{
  SlMetricsPage *self = SL_METRICS_PAGE (object);
  GtkWidget *child;

  if (self->evaluate_job != NULL)
    sl_job_cancel (self->evaluate_job);
  g_clear_object (&self->evaluate_job);
  if (self->report_job != NULL)
    sl_job_cancel (self->report_job);
  g_clear_object (&self->report_job);
  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_METRICS_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->evaluation, sl_evaluation_free);
  g_clear_pointer (&self->report_path, g_free);
  g_clear_pointer (&self->written_report, g_free);
  g_clear_pointer (&self->models, g_ptr_array_unref);
  g_clear_pointer (&self->classes, sl_class_table_unref);
  g_clear_object (&self->catalog);
  g_clear_object (&self->workspace);
  G_OBJECT_CLASS (sl_metrics_page_parent_class)->dispose (object);
}

static void
sl_metrics_page_class_init (SlMetricsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_metrics_page_dispose;
  widget_class->map = sl_metrics_page_map;

  /**
   * SlMetricsPage::cell-activated:
   * A confusion matrix cell was clicked: browse the images of that true and predicted class.
   */
  signals[CELL_ACTIVATED] =
    g_signal_new ("cell-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_INT);

  g_type_ensure (SL_TYPE_CONFUSION_MATRIX);
  g_type_ensure (SL_TYPE_ROC_CURVE);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/ui/sl-metrics-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlMetricsPage, model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlMetricsPage, split_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlMetricsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlMetricsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlMetricsPage, accuracy_label);
  gtk_widget_class_bind_template_child (widget_class, SlMetricsPage, accuracy_caption);
  gtk_widget_class_bind_template_child (widget_class, SlMetricsPage, auc_label);
  gtk_widget_class_bind_template_child (widget_class, SlMetricsPage, f1_label);
  gtk_widget_class_bind_template_child (widget_class, SlMetricsPage, n_label);
  gtk_widget_class_bind_template_child (widget_class, SlMetricsPage, matrix);
  gtk_widget_class_bind_template_child (widget_class, SlMetricsPage, roc);
  gtk_widget_class_bind_template_child (widget_class, SlMetricsPage, table);
  gtk_widget_class_bind_template_child (widget_class, SlMetricsPage, overlay);
  gtk_widget_class_install_action (widget_class, "metrics.write-report", "s", write_report_action);
  gtk_widget_class_install_action (widget_class, "metrics.open-report", NULL, open_report_action);
}

static void
sl_metrics_page_init (SlMetricsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sl_drop_down_ellipsize_names (self->model_dropdown, 32);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "metrics.write-report", FALSE);
  g_signal_connect_swapped (self->model_dropdown, "notify::selected",
                            G_CALLBACK (on_choice_changed_cb), self);
  g_signal_connect_swapped (self->split_dropdown, "notify::selected",
                            G_CALLBACK (on_choice_changed_cb), self);
  g_signal_connect_swapped (self->matrix, "cell-activated",
                            G_CALLBACK (on_matrix_cell_activated_cb), self);
}

void
sl_metrics_page_set_workspace (SlMetricsPage *self,
                               SlWorkspace   *workspace)
{
  g_return_if_fail (SL_IS_METRICS_PAGE (self));
  g_set_object (&self->workspace, workspace);
}

/* The catalog's models in the dropdown, model_id chosen. */
static void
fill_models (SlMetricsPage *self,
             gint64         model_id)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;
  SlCatalog *catalog = self->catalog;

  g_clear_pointer (&self->models, g_ptr_array_unref);
  self->models = sl_catalog_list_models (catalog);
  for (guint i = 0; i < self->models->len; i++)
    {
      SlModelInfo *info = g_ptr_array_index (self->models, i);

      gtk_string_list_append (names, info->name);
      if (info->id == model_id)
        selected = i;
    }
  self->updating = TRUE;
  gtk_drop_down_set_model (self->model_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->model_dropdown, selected);
  self->updating = FALSE;
}

/* A model renamed: the names change, the evaluation stays. */
static void
on_models_changed_cb (SlMetricsPage *self)
{
  fill_models (self, sl_metrics_page_get_model_id (self));
}

void
sl_metrics_page_set_context (SlMetricsPage *self,
                             SlCatalog     *catalog,
                             gint64         model_id,
                             SlClassTable  *classes)
{
  g_return_if_fail (SL_IS_METRICS_PAGE (self));

  if (self->catalog != catalog)
    {
      if (self->catalog != NULL)
        g_signal_handlers_disconnect_by_data (self->catalog, self);
      g_set_object (&self->catalog, catalog);
      g_signal_connect_object (catalog, "models-changed", G_CALLBACK (on_models_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  g_clear_pointer (&self->classes, sl_class_table_unref);
  self->classes = sl_class_table_ref (classes);
  fill_models (self, model_id);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    sl_metrics_page_refresh (self);
  else
    self->stale = TRUE;
}

gint64
sl_metrics_page_get_model_id (SlMetricsPage *self)
{
  guint pos;

  g_return_val_if_fail (SL_IS_METRICS_PAGE (self), 0);

  pos = gtk_drop_down_get_selected (self->model_dropdown);
  if (self->models == NULL || pos >= self->models->len)
    return 0;
  return ((SlModelInfo *) g_ptr_array_index (self->models, pos))->id;
}
