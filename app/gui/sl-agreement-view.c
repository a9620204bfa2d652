/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-agreement-view.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sl-agreement.h"
#include "sl-catalog-readers.h"
#include "sl-confusion-matrix.h"
#include "sl-ratings.h"
#include "sl-settings.h"

struct _SlAgreementView
{
  GtkWidget parent_instance;

  GtkDropDown *rule_dropdown;
  GtkDropDown *reference_dropdown;
  GtkLabel *rule_label;
  GtkSpinButton *retrain_spin;
  GtkLabel *summary_label;
  GtkLabel *percent_label;
  GtkLabel *fleiss_label;
  GtkGrid *class_grid;
  GtkDropDown *reader_a_dropdown;
  GtkDropDown *reader_b_dropdown;
  GtkLabel *cohen_label;
  GtkLabel *pair_agreement_label;
  GtkLabel *pair_images_label;
  GtkLabel *pair_caption;
  SlConfusionMatrix *pair_matrix;
  GtkLabel *model_label;
  GtkGrid *model_grid;

  SlWorkspace *workspace;
  SlRatings *ratings;         /* the readers, then the model when there is one */
  gboolean with_model;
  GtkStringList *raters;      /* of reader_a/b_dropdown, which own it */
  GtkStringList *readers;     /* of reference_dropdown, which owns it */
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (SlAgreementView, sl_agreement_view, GTK_TYPE_WIDGET)

enum { LABEL_RULE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static char *
format_kappa (double kappa)
{
  return isnan (kappa) ? g_strdup ("—") : g_strdup_printf ("%.3f", kappa);
}

static char *
format_share (double share)
{
  return isnan (share) ? g_strdup ("—") : g_strdup_printf ("%.1f %%", 100 * share);
}

static void
set_label_take (GtkLabel *label,
                char     *text)
{
  gtk_label_set_text (label, text);
  g_free (text);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
grid_cell (GtkGrid    *grid,
           int         column,
           int         row,
           const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  if (row == 0)
    gtk_widget_add_css_class (label, "heading");
  else if (column > 0)
    gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

static void
grid_row (GtkGrid    *grid,
          int         row,
          const char *first,
          char       *second,
          char       *third,
          char       *fourth)
{
  grid_cell (grid, 0, row, first);
  grid_cell (grid, 1, row, second);
  grid_cell (grid, 2, row, third);
  if (fourth != NULL)
    grid_cell (grid, 3, row, fourth);
  g_free (second);
  g_free (third);
  g_free (fourth);
}

static const char *
rule_explanation (SlLabelRule rule)
{
  switch (rule)
    {
    case SL_LABEL_RULE_MAJORITY:
      return _("Training uses the adjudicated label where one stands, else the class most "
               "readers chose; a tie gives no label.");
    case SL_LABEL_RULE_REFERENCE:
      return _("Training uses the adjudicated label where one stands, else the reference "
               "reader's label.");
    case SL_LABEL_RULE_LATEST:
    default:
      return _("Training uses the adjudicated label where one stands, else the newest label of "
               "any reader.");
    }
}

static guint
find_string (GtkStringList *list,
             const char    *text)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (list, i), text) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static void
replace_strings (GtkStringList      *list,
                 const char * const *strings)
{
  gtk_string_list_splice (list, 0, g_list_model_get_n_items (G_LIST_MODEL (list)), strings);
}

static void
show_rule (SlAgreementView *self,
           SlCatalog       *catalog,
           GStrv            readers)
{
  g_autofree char *reference = NULL;
  SlLabelRule rule = sl_catalog_get_label_rule (catalog, &reference);
  guint position;

  replace_strings (self->readers, (const char * const *) readers);
  gtk_drop_down_set_selected (self->rule_dropdown, rule);
  position = reference != NULL ? find_string (self->readers, reference) : 0;
  gtk_drop_down_set_selected (self->reference_dropdown,
                              position != GTK_INVALID_LIST_POSITION ? position : 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reference_dropdown),
                            rule == SL_LABEL_RULE_REFERENCE);
  gtk_label_set_text (self->rule_label, rule_explanation (rule));
}

static void
show_class_table (SlAgreementView *self,
                  const double    *per_class,
                  const long      *counts)
{
  clear_grid (self->class_grid);
  grid_row (self->class_grid, 0, _("Class"), g_strdup (_("Ratings")), g_strdup (_("κ")), NULL);
  for (guint k = 0; k < self->ratings->class_names->len; k++)
    grid_row (self->class_grid, (int) k + 1, g_ptr_array_index (self->ratings->class_names, k),
              g_strdup_printf ("%ld", counts[k]), format_kappa (per_class[k]), NULL);
}

/* Cohen's κ of raters a and b; confusion (nullable) n_classes², row = a's class. */
static double
pair_figures (SlAgreementView *self,
              guint            a,
              guint            b,
              long            *confusion,
              int             *both,
              double          *agreement)
{
  guint n_classes = self->ratings->class_names->len;
  g_autofree long *counts = g_new0 (long, MAX (n_classes * n_classes, 1));
  double kappa = sl_cohen_kappa ((const int *) self->ratings->ratings->data,
                                 (int) self->ratings->image_ids->len,
                                 (int) self->ratings->raters->len, (int) n_classes, (int) a,
                                 (int) b, counts, both);
  long agree = 0;

  for (guint k = 0; k < n_classes; k++)
    agree += counts[k * n_classes + k];
  *agreement = *both > 0 ? (double) agree / *both : NAN;
  if (confusion != NULL)
    memcpy (confusion, counts, sizeof (long) * n_classes * n_classes);
  return kappa;
}

static void
show_pair (SlAgreementView *self)
{
  guint a = gtk_drop_down_get_selected (self->reader_a_dropdown);
  guint b = gtk_drop_down_get_selected (self->reader_b_dropdown);
  guint n_classes = self->ratings != NULL ? self->ratings->class_names->len : 0;
  g_autofree long *confusion = g_new0 (long, MAX (n_classes * n_classes, 1));
  g_autofree int *counts = g_new0 (int, MAX (n_classes * n_classes, 1));
  double kappa = NAN, agreement = NAN;
  int both = 0;

  if (self->ratings != NULL && a < self->ratings->raters->len && b < self->ratings->raters->len
      && a != b)
    {
      const char *rows = sl_reader_display_name (g_ptr_array_index (self->ratings->raters, a));
      const char *columns = sl_reader_display_name (g_ptr_array_index (self->ratings->raters, b));

      kappa = pair_figures (self, a, b, confusion, &both, &agreement);
      /* TRANSLATORS: the confusion matrix of two readers; %s are their names */
      set_label_take (self->pair_caption,
                      g_strdup_printf (_("Rows (“True”): %s’s class; columns (“Predicted”): "
                                         "%s’s class"), rows, columns));
    }
  else
    gtk_label_set_text (self->pair_caption, _("Choose two different raters"));
  for (guint i = 0; i < n_classes * n_classes; i++)
    counts[i] = (int) confusion[i];
  set_label_take (self->cohen_label, format_kappa (kappa));
  set_label_take (self->pair_agreement_label, format_share (agreement));
  set_label_take (self->pair_images_label, g_strdup_printf ("%d", both));
  sl_confusion_matrix_set_data (self->pair_matrix, n_classes,
                                self->ratings != NULL
                                ? (const char * const *) self->ratings->class_names->pdata : NULL,
                                counts);
}

static void
show_model_table (SlAgreementView *self)
{
  guint model;

  clear_grid (self->model_grid);
  gtk_widget_set_visible (GTK_WIDGET (self->model_grid), self->with_model);
  gtk_label_set_text (self->model_label,
                      self->with_model ? _("Each reader against the current model's predictions")
                                       : _("Choose a model to compare the readers with it"));
  if (!self->with_model)
    return;
  model = self->ratings->raters->len - 1;
  grid_row (self->model_grid, 0, _("Reader"), g_strdup (_("Images")), g_strdup (_("Agreement")),
            g_strdup (_("Cohen's κ")));
  for (guint r = 0; r < model; r++)
    {
      double agreement;
      int both = 0;
      double kappa = pair_figures (self, r, model, NULL, &both, &agreement);

      grid_row (self->model_grid, (int) r + 1,
                sl_reader_display_name (g_ptr_array_index (self->ratings->raters, r)),
                g_strdup_printf ("%d", both), format_share (agreement), format_kappa (kappa));
    }
}

static void
show_nothing (SlAgreementView *self,
              const char      *why)
{
  g_clear_pointer (&self->ratings, sl_ratings_free);
  self->with_model = FALSE;
  gtk_label_set_text (self->summary_label, why);
  gtk_label_set_text (self->percent_label, "—");
  gtk_label_set_text (self->fleiss_label, "—");
  clear_grid (self->class_grid);
  replace_strings (self->raters, NULL);
  show_pair (self);
  show_model_table (self);
}

void
sl_agreement_view_refresh (SlAgreementView *self)
{
  SlCatalog *catalog;
  SlModel *model;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) readers = NULL;
  g_autofree double *per_class = NULL;
  g_autofree long *counts = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  sl_agreement agreement;
  guint n_classes, n_readers;

  g_return_if_fail (SL_IS_AGREEMENT_VIEW (self));
  catalog = self->workspace != NULL ? sl_workspace_get_catalog (self->workspace) : NULL;
  if (catalog == NULL)
    return;

  self->updating = TRUE;
  /* the pair chosen stays chosen when both raters are still there */
  if (gtk_drop_down_get_selected_item (self->reader_a_dropdown) != NULL)
    {
      guint first = gtk_drop_down_get_selected (self->reader_a_dropdown);
      guint second = gtk_drop_down_get_selected (self->reader_b_dropdown);

      a = g_strdup (gtk_string_list_get_string (self->raters, first));
      b = g_strdup (gtk_string_list_get_string (self->raters, second));
    }
  readers = sl_catalog_list_readers (catalog, &error);
  if (readers == NULL)
    {
      show_nothing (self, error->message);
      self->updating = FALSE;
      return;
    }
  show_rule (self, catalog, readers);
  g_clear_pointer (&self->ratings, sl_ratings_free);
  self->ratings = sl_ratings_from_catalog (catalog, NULL, &error);
  if (self->ratings == NULL)
    {
      show_nothing (self, error->message);
      self->updating = FALSE;
      return;
    }

  n_classes = self->ratings->class_names->len;
  n_readers = self->ratings->raters->len;
  per_class = g_new0 (double, MAX (n_classes, 1));
  counts = g_new0 (long, MAX (n_classes, 1));
  sl_fleiss_kappa ((const int *) self->ratings->ratings->data,
                   (int) self->ratings->image_ids->len, (int) n_readers, (int) n_classes,
                   &agreement, per_class, counts);
  set_label_take (self->summary_label,
                  g_strdup_printf (ngettext ("%u reader; %d image read by two or more",
                                             "%u readers; %d images read by two or more",
                                             n_readers),
                                   n_readers, agreement.items));
  set_label_take (self->percent_label, format_share (agreement.percent_agreement));
  set_label_take (self->fleiss_label, format_kappa (agreement.fleiss_kappa));
  show_class_table (self, per_class, counts);

  /* the model as one more rater, for the pair and the model table */
  model = sl_workspace_get_model (self->workspace);
  self->with_model = model != NULL && n_readers > 0
                     && sl_ratings_add_predictions (self->ratings, catalog,
                                                    sl_workspace_get_model_id (self->workspace),
                                                    model, _("Model"), &error);
  if (model != NULL && !self->with_model && error != NULL)
    gtk_label_set_text (self->summary_label, error->message);

  g_ptr_array_add (self->ratings->raters, NULL);
  replace_strings (self->raters, (const char * const *) self->ratings->raters->pdata);
  g_ptr_array_set_size (self->ratings->raters, self->ratings->raters->len - 1);
  self->updating = FALSE;
  if (a == NULL || !sl_agreement_view_set_pair (self, a, b))
    {
      gtk_drop_down_set_selected (self->reader_a_dropdown, 0);
      gtk_drop_down_set_selected (self->reader_b_dropdown, MIN (1, self->ratings->raters->len));
    }
  show_pair (self);
  show_model_table (self);
}

gboolean
sl_agreement_view_set_pair (SlAgreementView *self,
                            const char      *a,
                            const char      *b)
{
  guint position_a, position_b;

  g_return_val_if_fail (SL_IS_AGREEMENT_VIEW (self), FALSE);
  position_a = find_string (self->raters, a);
  position_b = find_string (self->raters, b);
  if (position_a == GTK_INVALID_LIST_POSITION || position_b == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_drop_down_set_selected (self->reader_a_dropdown, position_a);
  gtk_drop_down_set_selected (self->reader_b_dropdown, position_b);
  return TRUE;
}

static void
on_reader_dropdown_selected_cb (SlAgreementView *self)
{
  if (!self->updating)
    show_pair (self);
}

static void
on_rule_dropdown_selected_cb (SlAgreementView *self)
{
  SlCatalog *catalog = self->workspace != NULL ? sl_workspace_get_catalog (self->workspace)
                                               : NULL;
  SlLabelRule rule = gtk_drop_down_get_selected (self->rule_dropdown);
  guint reader = gtk_drop_down_get_selected (self->reference_dropdown);
  const char *reference = NULL;
  g_autofree char *old_reference = NULL;
  g_autoptr(GError) error = NULL;

  if (self->updating || catalog == NULL)
    return;
  if (rule == SL_LABEL_RULE_REFERENCE)
    {
      reference = reader != GTK_INVALID_LIST_POSITION
                  ? gtk_string_list_get_string (self->readers, reader) : NULL;
      if (reference == NULL)
        {
          sl_agreement_view_refresh (self);
          gtk_label_set_text (self->rule_label,
                              _("A reference reader needs a reader with labels first"));
          return;
        }
    }
  if (rule == sl_catalog_get_label_rule (catalog, &old_reference)
      && g_strcmp0 (reference, old_reference) == 0)
    return;
  if (!sl_catalog_set_label_rule (catalog, rule, reference, &error))
    {
      sl_agreement_view_refresh (self);
      gtk_label_set_text (self->rule_label, error->message);
      return;
    }
  sl_agreement_view_refresh (self);
  g_signal_emit (self, signals[LABEL_RULE_CHANGED], 0);
}

static void
on_retrain_spin_value_changed_cb (SlAgreementView *self)
{
  int every = gtk_spin_button_get_value_as_int (self->retrain_spin);
  g_autofree char *text = g_strdup_printf ("%d", every);

  /* the value the retrainer's binding set needs no saving */
  if (self->workspace == NULL
      || every == sl_retrainer_get_every (sl_workspace_get_retrainer (self->workspace)))
    return;
  sl_retrainer_set_every (sl_workspace_get_retrainer (self->workspace), every);
  sl_settings_set_string (SL_SETTINGS_RETRAIN_EVERY, text);
}

static void
on_workspace_changed_cb (SlAgreementView *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    sl_agreement_view_refresh (self);
}

void
sl_agreement_view_set_workspace (SlAgreementView *self,
                                 SlWorkspace     *workspace)
{
  g_return_if_fail (SL_IS_AGREEMENT_VIEW (self));
  g_return_if_fail (self->workspace == NULL);

  self->workspace = g_object_ref (workspace);
  g_signal_connect_object (workspace, "notify::catalog", G_CALLBACK (on_workspace_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "notify::model-id", G_CALLBACK (on_workspace_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_object_bind_property (sl_workspace_get_retrainer (workspace), "every",
                          gtk_spin_button_get_adjustment (self->retrain_spin), "value",
                          G_BINDING_SYNC_CREATE);
}

static void
sl_agreement_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sl_agreement_view_parent_class)->map (widget);
  sl_agreement_view_refresh (SL_AGREEMENT_VIEW (widget));
}

static void
sl_agreement_view_dispose (GObject *object)
{
  SlAgreementView *self = SL_AGREEMENT_VIEW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_AGREEMENT_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->ratings, sl_ratings_free);
  G_OBJECT_CLASS (sl_agreement_view_parent_class)->dispose (object);
}

static void
sl_agreement_view_class_init (SlAgreementViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_agreement_view_dispose;
  widget_class->map = sl_agreement_view_map;

  signals[LABEL_RULE_CHANGED] =
    g_signal_new ("label-rule-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SL_TYPE_CONFUSION_MATRIX);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/ui/sl-agreement-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlAgreementView, rule_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlAgreementView, reference_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlAgreementView, rule_label);
  gtk_widget_class_bind_template_child (widget_class, SlAgreementView, retrain_spin);
  gtk_widget_class_bind_template_child (widget_class, SlAgreementView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SlAgreementView, percent_label);
  gtk_widget_class_bind_template_child (widget_class, SlAgreementView, fleiss_label);
  gtk_widget_class_bind_template_child (widget_class, SlAgreementView, class_grid);
  gtk_widget_class_bind_template_child (widget_class, SlAgreementView, reader_a_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlAgreementView, reader_b_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlAgreementView, cohen_label);
  gtk_widget_class_bind_template_child (widget_class, SlAgreementView, pair_agreement_label);
  gtk_widget_class_bind_template_child (widget_class, SlAgreementView, pair_images_label);
  gtk_widget_class_bind_template_child (widget_class, SlAgreementView, pair_caption);
  gtk_widget_class_bind_template_child (widget_class, SlAgreementView, pair_matrix);
  gtk_widget_class_bind_template_child (widget_class, SlAgreementView, model_label);
  gtk_widget_class_bind_template_child (widget_class, SlAgreementView, model_grid);
  gtk_widget_class_bind_template_callback (widget_class, on_reader_dropdown_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_rule_dropdown_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_retrain_spin_value_changed_cb);
}

static char *
reader_display_name (GtkStringObject *reader)
{
  return g_strdup (sl_reader_display_name (gtk_string_object_get_string (reader)));
}

static void
sl_agreement_view_init (SlAgreementView *self)
{
  /* the lists hold the annotators as stored; the drop-downs show their display names */
  g_autoptr(GtkExpression) shown = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                                G_CALLBACK (reader_display_name),
                                                                NULL, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->raters = gtk_string_list_new (NULL);
  self->readers = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->reader_a_dropdown, G_LIST_MODEL (self->raters));
  gtk_drop_down_set_model (self->reader_b_dropdown, G_LIST_MODEL (self->raters));
  gtk_drop_down_set_model (self->reference_dropdown, G_LIST_MODEL (self->readers));
  gtk_drop_down_set_expression (self->reader_a_dropdown, shown);
  gtk_drop_down_set_expression (self->reader_b_dropdown, shown);
  gtk_drop_down_set_expression (self->reference_dropdown, shown);
  /* the drop-downs keep the lists */
  g_object_unref (self->raters);
  g_object_unref (self->readers);
}

GtkWidget *
sl_agreement_view_new (void)
{
  return g_object_new (SL_TYPE_AGREEMENT_VIEW, NULL);
}
