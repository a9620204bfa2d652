/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sidebar: the classes with their label counts (following the catalog's labels-changed),
 * the filters of the image list, and the model whose predictions are shown. */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-class-dialog.h"
#include "sl-drop-down-names.h"
#include "sl-split-dialog.h"
#include "sl-window-private.h"

/* Class counts */

static gint64
count_for (SlWindow *self,
           int       index)
{
  gint64 total = 0;

  for (int split = SL_SPLIT_NONE; self->counts != NULL && split <= SL_SPLIT_TEST; split++)
    {
      GArray *row = g_hash_table_lookup (self->counts, GINT_TO_POINTER (split));

      if (row != NULL && index >= 0 && (guint) index < row->len)
        total += g_array_index (row, gint64, index);
    }
  return total;
}

static void
show_counts (SlWindow *self)
{
  guint n = self->classes != NULL ? sl_class_table_get_n_classes (self->classes) : 0;
  GtkWidget *row;
  g_autofree char *unlabeled = NULL;
  int i = 0;

  for (row = gtk_widget_get_first_child (GTK_WIDGET (self->class_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row), i++)
    {
      GtkLabel *count = g_object_get_data (G_OBJECT (row), "count-label");
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, count_for (self, i));

      if (count != NULL)
        gtk_label_set_label (count, text);
      if ((guint) i < n)
        sl_label_palette_set_count (self->palette, i, (guint) count_for (self, i));
    }
  unlabeled = g_strdup_printf (_("%lld unlabeled"), (long long) count_for (self, (int) n));
  gtk_label_set_label (self->unlabeled_label, unlabeled);
}

void
_sl_window_reload_counts (SlWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->counts, g_hash_table_unref);
  self->counts = sl_catalog_count_by_split_and_class (sl_window_get_catalog (self), &error);
  if (self->counts == NULL)
    g_warning ("Could not count labels: %s", error->message);
  show_counts (self);
}

/* Filters */

void
_sl_window_update_count_label (SlWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->images));
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image shown",
                                                        "%u images shown", n), n);

  gtk_label_set_label (self->count_label, text);
}

static gboolean
same_filter (const SlImageFilter *a,
             const SlImageFilter *b)
{
  return a->split == b->split && a->class_id == b->class_id &&
         a->predicted_class_id == b->predicted_class_id && a->model_id == b->model_id &&
         !a->disagreement == !b->disagreement && !a->most_uncertain == !b->most_uncertain &&
         !a->readers_disagree == !b->readers_disagree;
}

void
_sl_window_set_image_list (SlWindow    *self,
                           SlImageList *list)
{
  SlModel *model = sl_workspace_get_model (self->workspace);

  g_set_object (&self->images, list);
  sl_image_list_set_model (list, sl_workspace_get_model_id (self->workspace),
                           model != NULL ? sl_model_get_n_classes (model) : 0);
  if (self->selection != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->selection, _sl_window_selection_changed, self);
      g_signal_handlers_disconnect_by_func (self->selection, _sl_window_update_count_label, self);
    }
  g_clear_object (&self->selection);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (list)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (_sl_window_selection_changed), self, G_CONNECT_SWAPPED);
  /* a search (applied on a worker) or a refresh */
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (_sl_window_update_count_label), self, G_CONNECT_SWAPPED);
  sl_browse_view_set_model (self->browse_view, GTK_SELECTION_MODEL (self->selection));
  _sl_window_apply_blind (self);
  _sl_window_selection_changed (self);
}

void
_sl_window_apply_filters (SlWindow *self)
{
  SlImageFilter filter;
  g_autoptr(SlImageList) list = NULL;
  guint class_pos = gtk_drop_down_get_selected (self->class_dropdown);
  guint predicted_pos = gtk_drop_down_get_selected (self->predicted_dropdown);
  guint n = self->classes != NULL ? sl_class_table_get_n_classes (self->classes) : 0;

  if (self->images == NULL || self->updating_filters)
    return;

  sl_image_filter_init (&filter);
  filter.split = (SlSplit) gtk_drop_down_get_selected (self->split_dropdown);
  /* class dropdown: Any, Unlabeled, then the classes */
  if (class_pos == 1)
    filter.class_id = 0;
  else if (class_pos >= 2 && class_pos - 2 < n)
    filter.class_id = sl_class_table_get (self->classes, class_pos - 2)->id;
  if (sl_workspace_get_model_id (self->workspace) != 0)
    {
      if (predicted_pos >= 1 && predicted_pos - 1 < n)
        filter.predicted_class_id = sl_class_table_get (self->classes, predicted_pos - 1)->id;
      filter.disagreement = gtk_check_button_get_active (self->disagreement_check);
      filter.most_uncertain = gtk_check_button_get_active (self->uncertain_check);
      if (filter.predicted_class_id >= 0 || filter.disagreement || filter.most_uncertain)
        filter.model_id = sl_workspace_get_model_id (self->workspace);
    }
  filter.readers_disagree = _sl_window_adjudicating (self);
  if (same_filter (&filter, sl_image_list_get_filter (self->images)))
    return;
  /* A new list rather than items-changed on the old one: much faster in GTK 4.8's grid. */
  list = sl_image_list_new (sl_window_get_catalog (self), &filter);
  _sl_window_set_image_list (self, list);
  _sl_window_update_count_label (self);
}

static void
on_filter_changed_cb (SlWindow *self)
{
  _sl_window_apply_filters (self);
}

static void
fill_filter_dropdowns (SlWindow *self)
{
  g_autoptr(GtkStringList) classes = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) predicted = gtk_string_list_new (NULL);
  guint n = sl_class_table_get_n_classes (self->classes);

  self->updating_filters = TRUE;
  gtk_string_list_append (classes, _("Any label"));
  gtk_string_list_append (classes, _("Unlabeled"));
  gtk_string_list_append (predicted, _("Any prediction"));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf (_("Predicted %s"),
                                               sl_class_table_get (self->classes, i)->name);

      gtk_string_list_append (classes, sl_class_table_get (self->classes, i)->name);
      gtk_string_list_append (predicted, text);
    }
  gtk_drop_down_set_model (self->class_dropdown, G_LIST_MODEL (classes));
  gtk_drop_down_set_model (self->predicted_dropdown, G_LIST_MODEL (predicted));
  self->updating_filters = FALSE;
}

/* Classes: list, palette, class table */

static GtkWidget *
class_row_new (const SlClassInfo *info,
               const GdkRGBA     *color,
               guint              shortcut)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *swatch = gtk_label_new (NULL);
  GtkWidget *name = gtk_label_new (info->name);
  GtkWidget *count = gtk_label_new (NULL);
  g_autofree char *markup = g_markup_printf_escaped ("<span foreground=\"#%02x%02x%02x\">●</span>",
                                                     (int) (color->red * 255 + .5),
                                                     (int) (color->green * 255 + .5),
                                                     (int) (color->blue * 255 + .5));
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_label_set_markup (GTK_LABEL (swatch), markup);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (count, "numeric");
  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), count);
  if (shortcut > 0)
    {
      char text[2] = { (char) ('0' + shortcut), '\0' };
      GtkWidget *key = gtk_label_new (text);

      gtk_widget_add_css_class (key, "keycap");
      gtk_widget_set_tooltip_text (key, _("Press this key to give the class"));
      gtk_box_append (GTK_BOX (box), key);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "count-label", count);
  return row;
}

void
_sl_window_rebuild_classes (SlWindow *self)
{
  g_autofree char **names = NULL;
  g_autofree SlLabelClass *palette = NULL;
  GtkWidget *child;
  SlModel *model = sl_workspace_get_model (self->workspace);
  int n_model = model != NULL ? sl_model_get_n_classes (model) : 0;
  guint n;

  names = g_new0 (char *, n_model + 1);
  for (int k = 0; k < n_model; k++)
    names[k] = (char *) sl_model_get_class_name (model, k);
  g_clear_pointer (&self->classes, sl_class_table_unref);
  self->classes = sl_class_table_new (sl_window_get_catalog (self), (const char *const *) names,
                                      n_model);
  n = sl_class_table_get_n_classes (self->classes);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->class_list))) != NULL)
    gtk_list_box_remove (self->class_list, child);
  palette = g_new0 (SlLabelClass, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const SlClassInfo *info = sl_class_table_get (self->classes, i);
      const GdkRGBA *color = sl_class_table_get_color (self->classes, info->id);

      palette[i].name = info->name;
      palette[i].color = *color;
      palette[i].shortcut = info->shortcut != NULL ? (guint) g_ascii_strtoull (info->shortcut, NULL, 10)
                                                   : (i < 9 ? i + 1 : 0);
      gtk_list_box_append (self->class_list, class_row_new (info, color, palette[i].shortcut));
    }
  sl_label_palette_set_classes (self->palette, palette, n);
  sl_browse_view_set_class_table (self->browse_view, self->classes);
  fill_filter_dropdowns (self);
  show_counts (self);
}

void
_sl_window_classes_edited (gpointer user_data)
{
  SlWindow *self = user_data;

  _sl_window_rebuild_classes (self);
  _sl_window_reload_counts (self);
  _sl_window_update_inspector (self);
}

static void
on_class_list_row_activated_cb (SlWindow      *self,
                                GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->classes == NULL || index < 0 || (guint) index >= sl_class_table_get_n_classes (self->classes))
    return;
  sl_class_dialog_show (GTK_WINDOW (self), sl_window_get_catalog (self),
                        sl_class_table_get (self->classes, index), index,
                        _sl_window_classes_edited, self);
}

/* Models */

void
_sl_window_fill_model_dropdown (SlWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  g_clear_pointer (&self->models, g_ptr_array_unref);
  self->models = sl_catalog_list_models (sl_window_get_catalog (self));
  gtk_string_list_append (names, _("No model"));
  for (guint i = 0; i < self->models->len; i++)
    {
      SlModelInfo *info = g_ptr_array_index (self->models, i);

      gtk_string_list_append (names, info->name);
      if (info->id == sl_workspace_get_model_id (self->workspace))
        selected = i + 1;
    }
  self->updating_filters = TRUE;
  gtk_drop_down_set_model (self->model_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->model_dropdown, selected);
  self->updating_filters = FALSE;
}

static void
on_model_dropdown_selected_cb (SlWindow *self)
{
  guint pos = gtk_drop_down_get_selected (self->model_dropdown);
  gint64 id = 0;

  if (self->updating_filters || self->models == NULL)
    return;
  if (pos >= 1 && pos - 1 < self->models->len)
    id = ((SlModelInfo *) g_ptr_array_index (self->models, pos - 1))->id;
  if (id != sl_workspace_get_model_id (self->workspace))
    sl_window_set_model_id (self, id);
}

static void
on_models_changed_cb (SlWindow *self)
{
  _sl_window_fill_model_dropdown (self);
}

/* Splits */

static void
on_splits_made_cb (SlWindow *self)
{
  g_autoptr(SlImageList) list = sl_image_list_new (sl_window_get_catalog (self),
                                                   sl_image_list_get_filter (self->images));

  _sl_window_reload_counts (self);
  _sl_window_set_image_list (self, list);
  _sl_window_update_count_label (self);
  _sl_window_update_inspector (self);
  sl_train_page_update_start (self->train_page);
  _sl_window_toast (self, _("The splits were made"), NULL, NULL);
}

void
_sl_window_ask_splits (SlWindow *self)
{
  SlSplitDialog *dialog;

  if (sl_window_get_catalog (self) == NULL)
    {
      _sl_window_toast (self, _("Open or create a catalog first: splits divide its images"),
                        NULL, NULL);
      return;
    }
  dialog = sl_split_dialog_new (GTK_WINDOW (self), self->workspace);
  g_signal_connect_object (dialog, "splits-made", G_CALLBACK (on_splits_made_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A confusion matrix cell: its images in the browse view */

static void
on_metrics_cell_activated_cb (SlWindow      *self,
                              gint64         true_class_id,
                              gint64         predicted_class_id,
                              int            split,
                              SlMetricsPage *page)
{
  gint64 model_id = sl_metrics_page_get_model_id (page);
  guint n;

  if (model_id != sl_workspace_get_model_id (self->workspace))
    sl_window_set_model_id (self, model_id);
  n = sl_class_table_get_n_classes (self->classes);
  self->updating_filters = TRUE;
  gtk_drop_down_set_selected (self->split_dropdown, (guint) split);
  gtk_drop_down_set_selected (self->class_dropdown, 0);
  gtk_drop_down_set_selected (self->predicted_dropdown, 0);
  for (guint i = 0; i < n; i++)
    {
      if (sl_class_table_get (self->classes, i)->id == true_class_id)
        gtk_drop_down_set_selected (self->class_dropdown, i + 2);
      if (sl_class_table_get (self->classes, i)->id == predicted_class_id)
        gtk_drop_down_set_selected (self->predicted_dropdown, i + 1);
    }
  gtk_check_button_set_active (self->disagreement_check, FALSE);
  self->updating_filters = FALSE;
  _sl_window_apply_filters (self);
  gtk_stack_set_visible_child_name (self->stack, "browse");
  _sl_window_select_position (self, 0);
}

void
_sl_window_images_changed (SlWindow *self)
{
  _sl_window_reload_counts (self);
  _sl_window_rebuild_classes (self);
  _sl_window_update_count_label (self);
  _sl_window_update_inspector (self);
}

static void
on_labels_changed_cb (SlWindow *self)
{
  _sl_window_reload_counts (self);
}

/* A new catalog: no filter, its classes, its images. */
void
_sl_window_sidebar_set_catalog (SlWindow  *self,
                                SlCatalog *catalog)
{
  g_autoptr(SlImageList) list = sl_image_list_new (catalog, NULL);

  g_signal_connect_object (catalog, "images-changed", G_CALLBACK (_sl_window_images_changed),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (catalog, "labels-changed", G_CALLBACK (on_labels_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (catalog, "models-changed", G_CALLBACK (on_models_changed_cb), self,
                           G_CONNECT_SWAPPED);
  self->updating_filters = TRUE;
  gtk_drop_down_set_selected (self->split_dropdown, 0);
  gtk_drop_down_set_selected (self->class_dropdown, 0);
  gtk_drop_down_set_selected (self->predicted_dropdown, 0);
  gtk_check_button_set_active (self->disagreement_check, FALSE);
  gtk_check_button_set_active (self->uncertain_check, FALSE);
  gtk_check_button_set_active (self->readers_check, FALSE);
  self->updating_filters = FALSE;
  _sl_window_rebuild_classes (self);
  _sl_window_set_image_list (self, list);
  _sl_window_reload_counts (self);
}

void
_sl_window_sidebar_init (SlWindow *self)
{
  g_signal_connect_swapped (self->split_dropdown, "notify::selected",
                            G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->class_dropdown, "notify::selected",
                            G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->predicted_dropdown, "notify::selected",
                            G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->disagreement_check, "toggled",
                            G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->uncertain_check, "toggled",
                            G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->model_dropdown, "notify::selected",
                            G_CALLBACK (on_model_dropdown_selected_cb), self);
  g_signal_connect_swapped (self->class_list, "row-activated",
                            G_CALLBACK (on_class_list_row_activated_cb), self);
  g_signal_connect_swapped (self->metrics_page, "cell-activated",
                            G_CALLBACK (on_metrics_cell_activated_cb), self);
  sl_drop_down_ellipsize_names (self->model_dropdown, 22);
  gtk_widget_set_sensitive (GTK_WIDGET (self->predicted_dropdown), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->disagreement_check), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->uncertain_check), FALSE);
}
