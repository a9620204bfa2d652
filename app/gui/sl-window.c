/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-browse-view.h"
#include "sl-class-dialog.h"
#include "sl-class-table.h"
#include "sl-export-actions.h"
#include "sl-image-view.h"
#include "sl-import-job.h"
#include "sl-label-palette.h"
#include "sl-metrics-page.h"
#include "sl-model.h"
#include "sl-review-page.h"
#include "sl-settings.h"
#include "sl-thumbnail-cache.h"
#include "sl-train-page.h"
#include "sl-window-level.h"
#include "sl-window.h"

#define THUMBNAIL_SIZE 128
#define THUMBNAIL_CAPACITY 4096

typedef struct
{
  gint64 image_id;
  gint64 before;
  gint64 after;
} LabelChange;

struct _SlWindow
{
  GtkApplicationWindow parent_instance;

  /* template */
  GtkMenuButton *catalog_button;
  GtkStack *stack;
  GtkListBox *class_list;
  GtkLabel *unlabeled_label;
  GtkDropDown *split_dropdown;
  GtkDropDown *class_dropdown;
  GtkDropDown *predicted_dropdown;
  GtkCheckButton *disagreement_check;
  GtkCheckButton *uncertain_check;
  GtkLabel *count_label;
  GtkDropDown *model_dropdown;
  SlBrowseView *browse_view;
  SlImageView *image_view;
  SlTrainPage *train_page;
  SlReviewPage *review_page;
  SlMetricsPage *metrics_page;
  GtkLabel *image_title;
  GtkLabel *image_details;
  GtkLabel *pixel_label;
  GtkWidget *window_box;
  GtkDropDown *window_dropdown;
  SlLabelPalette *palette;
  GtkLabel *prediction_label;
  GtkLabel *history_label;
  GtkLabel *status_label;
  GtkProgressBar *job_progress;
  GtkButton *job_cancel;
  GMenu *recent_section;

  SlCatalog *catalog;
  SlImageList *images;
  GtkSingleSelection *selection;
  SlThumbnailCache *thumbnails;
  SlClassTable *classes;
  GPtrArray *models;          /* SlModelInfo*, as in model_dropdown after "None" */
  gint64 model_id;
  SlModel *model;
  GHashTable *counts;         /* from sl_catalog_count_by_split_and_class */
  GArray *undo;               /* LabelChange */
  GArray *redo;
  char *annotator;
  gboolean updating_filters;

  gint64 current_id;          /* shown in the inspector */
  SlImage *current_image;
  double window_center;
  double window_width;
  SlWindowChoice window_choice; /* the inspector's window dropdown */

  GCancellable *import_cancellable;
  SlCatalog *import_catalog;  /* the catalog the running import writes to */
  gint64 import_refreshed_at; /* monotonic µs of the last refresh during the import */
  GArray *pending_label;      /* class index waiting for the annotator dialog (0 or 1 item) */
  GActionGroup *exports;      /* "export.*" */
};

G_DEFINE_FINAL_TYPE (SlWindow, sl_window, GTK_TYPE_APPLICATION_WINDOW)

static void update_inspector (SlWindow *self);
static void rebuild_classes (SlWindow *self);

/* Small helpers */

static gboolean
review_visible (SlWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "review") == 0;
}

void
sl_window_set_status (SlWindow   *self,
                      const char *text)
{
  g_return_if_fail (SL_IS_WINDOW (self));
  gtk_label_set_label (self->status_label, text);
}

void
sl_window_show_error (SlWindow   *self,
                      const char *title,
                      const char *detail)
{
  GtkWidget *dialog;

  g_return_if_fail (SL_IS_WINDOW (self));

  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", title);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", detail);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

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
adjust_count (SlWindow *self,
              gint64    image_id,
              gint64    before,
              gint64    after)
{
  SlSplit split = sl_catalog_get_split (self->catalog, image_id);
  GArray *row = self->counts != NULL ? g_hash_table_lookup (self->counts, GINT_TO_POINTER (split))
                                     : NULL;
  guint n = sl_class_table_get_n_classes (self->classes);
  int from = before > 0 ? sl_class_table_index_of (self->classes, before) : (int) n;
  int to = after > 0 ? sl_class_table_index_of (self->classes, after) : (int) n;

  if (row == NULL || from < 0 || to < 0 || (guint) MAX (from, to) >= row->len)
    return;
  g_array_index (row, gint64, from)--;
  g_array_index (row, gint64, to)++;
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

static void
reload_counts (SlWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->counts, g_hash_table_unref);
  self->counts = sl_catalog_count_by_split_and_class (self->catalog, &error);
  if (self->counts == NULL)
    g_warning ("Could not count labels: %s", error->message);
  show_counts (self);
}

/* Filters */

static void
update_count_label (SlWindow *self)
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
         !a->disagreement == !b->disagreement && !a->most_uncertain == !b->most_uncertain;
}

static void on_selection_changed_cb (SlWindow *self);

static void
set_image_list (SlWindow    *self,
                SlImageList *list)
{
  g_set_object (&self->images, list);
  sl_image_list_set_model (list, self->model_id,
                           self->model != NULL ? sl_model_get_n_classes (self->model) : 0);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, on_selection_changed_cb, self);
  g_clear_object (&self->selection);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (list)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);
  sl_browse_view_set_model (self->browse_view, GTK_SELECTION_MODEL (self->selection));
  on_selection_changed_cb (self);
}

static void
apply_filters (SlWindow *self)
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
  if (self->model_id != 0)
    {
      if (predicted_pos >= 1 && predicted_pos - 1 < n)
        filter.predicted_class_id = sl_class_table_get (self->classes, predicted_pos - 1)->id;
      filter.disagreement = gtk_check_button_get_active (self->disagreement_check);
      filter.most_uncertain = gtk_check_button_get_active (self->uncertain_check);
      if (filter.predicted_class_id >= 0 || filter.disagreement || filter.most_uncertain)
        filter.model_id = self->model_id;
    }
  if (same_filter (&filter, sl_image_list_get_filter (self->images)))
    return;
  /* A new list rather than items-changed on the old one: much faster in GTK 4.8's grid. */
  list = sl_image_list_new (self->catalog, &filter);
  set_image_list (self, list);
  update_count_label (self);
}

static void
on_filter_changed_cb (SlWindow *self)
{
  apply_filters (self);
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

/* Classes: sidebar list, palette, class table */

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

static void
rebuild_classes (SlWindow *self)
{
  g_autofree char **names = NULL;
  g_autofree SlLabelClass *palette = NULL;
  GtkWidget *child;
  int n_model = self->model != NULL ? sl_model_get_n_classes (self->model) : 0;
  guint n;

  names = g_new0 (char *, n_model + 1);
  for (int k = 0; k < n_model; k++)
    names[k] = (char *) sl_model_get_class_name (self->model, k);
  g_clear_pointer (&self->classes, sl_class_table_unref);
  self->classes = sl_class_table_new (self->catalog, (const char *const *) names, n_model);
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

static void
on_classes_edited_cb (gpointer user_data)
{
  SlWindow *self = user_data;

  rebuild_classes (self);
  reload_counts (self);
  update_inspector (self);
}

static void
on_class_list_row_activated_cb (SlWindow      *self,
                                GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->classes == NULL || index < 0 || (guint) index >= sl_class_table_get_n_classes (self->classes))
    return;
  sl_class_dialog_show (GTK_WINDOW (self), self->catalog, sl_class_table_get (self->classes, index),
                        index, on_classes_edited_cb, self);
}

static void
add_class_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);

  if (self->catalog != NULL)
    sl_class_dialog_show (GTK_WINDOW (self), self->catalog, NULL,
                          sl_class_table_get_n_classes (self->classes), on_classes_edited_cb, self);
}

/* Models */

/* Shows self->model_id's predictions with @model (transfer full), loaded already or, when
 * NULL, here. */
static void
use_model (SlWindow *self,
           SlModel  *model)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->model, sl_model_free);
  self->model = model;
  if (self->model_id != 0 && self->model == NULL)
    {
      self->model = sl_model_load_from_catalog (self->catalog, self->model_id, &error);
      if (self->model == NULL)
        {
          sl_window_set_status (self, error->message);
          self->model_id = 0;
        }
    }
  rebuild_classes (self);
  sl_image_list_set_model (self->images, self->model_id,
                           self->model != NULL ? sl_model_get_n_classes (self->model) : 0);
  sl_browse_view_set_class_table (self->browse_view, self->classes);
  sl_review_page_set_context (self->review_page, self->catalog, self->model_id, self->classes);
  sl_metrics_page_set_context (self->metrics_page, self->catalog, self->model_id, self->classes);
  gtk_widget_set_sensitive (GTK_WIDGET (self->predicted_dropdown), self->model_id != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->disagreement_check), self->model_id != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->uncertain_check), self->model_id != 0);
  apply_filters (self);
  update_inspector (self);
}

static void
load_model (SlWindow *self)
{
  use_model (self, NULL);
}

static void
fill_model_dropdown (SlWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  g_clear_pointer (&self->models, g_ptr_array_unref);
  self->models = sl_catalog_list_models (self->catalog);
  gtk_string_list_append (names, _("No model"));
  for (guint i = 0; i < self->models->len; i++)
    {
      SlModelInfo *info = g_ptr_array_index (self->models, i);

      gtk_string_list_append (names, info->name);
      if (info->id == self->model_id)
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
  if (id != self->model_id)
    {
      self->model_id = id;
      load_model (self);
    }
}

gint64
sl_window_get_model_id (SlWindow *self)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), 0);
  return self->model_id;
}

void
sl_window_set_model_id (SlWindow *self,
                        gint64    model_id)
{
  g_return_if_fail (SL_IS_WINDOW (self));

  self->model_id = model_id;
  fill_model_dropdown (self);
  load_model (self);
}

/* The current image and the inspector */

static void
render_current (SlWindow *self)
{
  g_autoptr(GdkTexture) texture = NULL;

  if (self->current_image != NULL)
    texture = sl_texture_from_image (self->current_image, 0, self->window_center,
                                     self->window_width);
  sl_image_view_set_texture (self->image_view, texture);
}

static char *
format_history (SlWindow *self,
                gint64    image_id)
{
  g_autoptr(GPtrArray) history = sl_catalog_label_history (self->catalog, image_id, NULL);
  GString *text = g_string_new (NULL);

  /* newest first, at most eight rows */
  for (guint i = history != NULL ? history->len : 0; i > 0 && history->len - i < 8; i--)
    {
      SlLabelEvent *event = g_ptr_array_index (history, i - 1);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (event->created_at / G_USEC_PER_SEC);
      g_autofree char *time = g_date_time_format (when, "%d %b %H:%M");
      const char *name = event->class_id > 0 ? sl_class_table_get_name (self->classes, event->class_id)
                                             : _("cleared");

      g_string_append_printf (text, "%s%s · %s · %s", text->len > 0 ? "\n" : "",
                              name != NULL ? name : "?", event->annotator != NULL ? event->annotator : "—",
                              time);
    }
  if (text->len == 0)
    g_string_append (text, _("Never labeled"));
  return g_string_free (text, FALSE);
}

static void
update_inspector (SlWindow *self)
{
  gint64 id = sl_window_get_current_image (self);
  g_autoptr(SlImageInfo) info = NULL;
  g_autofree char *title = NULL;
  g_autofree char *details = NULL;
  g_autofree char *history = NULL;
  g_autofree char *prediction = NULL;
  int current = -1, suggested = -1;
  double confidence = -1;

  if (self->catalog == NULL)
    return;
  if (id > 0)
    info = sl_catalog_get_image_info (self->catalog, id, NULL);
  if (info == NULL)
    {
      gtk_label_set_label (self->image_title, _("No image"));
      gtk_label_set_label (self->image_details, "");
      gtk_label_set_label (self->history_label, "");
      gtk_label_set_label (self->prediction_label, "");
      sl_label_palette_set_current (self->palette, -1);
      sl_label_palette_set_suggested (self->palette, -1, -1);
      return;
    }
  title = g_strdup_printf (_("Image %lld"), (long long) id);
  details = g_strdup_printf (_("%s\n%d × %d, %d-bit %s%s%s\nSplit: %s"),
                             info->source_name != NULL ? info->source_name : "",
                             info->width, info->height, info->bits,
                             info->format != NULL ? info->format : "",
                             info->modality != NULL ? " · " : "",
                             info->modality != NULL ? info->modality : "",
                             info->split != SL_SPLIT_NONE ? _(sl_split_to_string (info->split)) : _("none"));
  /* the body part is only in the decoded image: shown when it is the one loaded */
  if (id == self->current_id && self->current_image != NULL && self->current_image->body_part != NULL)
    {
      g_autofree char *more = g_strdup_printf (_("%s\nBody part: %s"), details,
                                               self->current_image->body_part);

      g_free (details);
      details = g_steal_pointer (&more);
    }
  history = format_history (self, id);
  gtk_label_set_label (self->image_title, title);
  gtk_label_set_label (self->image_details, details);
  gtk_label_set_label (self->history_label, history);
  current = sl_class_table_index_of (self->classes, info->class_id);
  sl_label_palette_set_current (self->palette, current);

  if (self->model != NULL)
    {
      int n = sl_model_get_n_classes (self->model);
      g_autofree float *probs = g_new0 (float, n);

      if (sl_catalog_get_prediction (self->catalog, self->model_id, id, probs, n))
        {
          int best = 0;

          for (int k = 1; k < n; k++)
            if (probs[k] > probs[best])
              best = k;
          suggested = sl_class_table_index_of (self->classes,
                                               sl_class_table_model_class_id (self->classes, best));
          confidence = probs[best];
          prediction = g_strdup_printf (_("Model suggests <b>%s</b> (%.0f%%)"),
                                        sl_model_get_class_name (self->model, best), 100 * confidence);
        }
    }
  sl_label_palette_set_suggested (self->palette, suggested, confidence);
  gtk_label_set_markup (self->prediction_label, prediction != NULL ? prediction : "");
}

static void
load_current_image (SlWindow *self)
{
  gint64 id = 0;
  SlImageItem *item = gtk_single_selection_get_selected_item (self->selection);
  g_autoptr(GError) error = NULL;

  if (item != NULL)
    id = sl_image_item_get_id (item);
  if (id == self->current_id && self->current_image != NULL)
    return;
  self->current_id = id;
  g_clear_pointer (&self->current_image, sl_image_free);
  if (id > 0)
    {
      self->current_image = sl_catalog_load_display_image (self->catalog, id, &error);
      if (self->current_image == NULL)
        sl_window_set_status (self, error->message);
      else
        sl_window_choice_resolve (&self->window_choice, self->current_image,
                                  &self->window_center, &self->window_width);
    }
  gtk_widget_set_visible (self->window_box, self->current_image != NULL &&
                                            sl_window_choice_applies (self->current_image));
  gtk_label_set_label (self->pixel_label, "");
  render_current (self);
}

static void
on_selection_changed_cb (SlWindow *self)
{
  load_current_image (self);
  update_inspector (self);
}

static void
on_image_view_pixel_hovered_cb (SlWindow    *self,
                                int          x,
                                int          y,
                                SlImageView *view)
{
  g_autofree char *text = NULL;

  if (self->current_image == NULL || x < 0 || y < 0 ||
      x >= self->current_image->width || y >= self->current_image->height)
    {
      gtk_label_set_label (self->pixel_label, "");
      return;
    }
  if (self->current_image->channels == 3)
    text = g_strdup_printf (_("x %d  y %d  RGB %g %g %g"), x, y,
                            sl_image_value_at (self->current_image, x, y, 0),
                            sl_image_value_at (self->current_image, x, y, 1),
                            sl_image_value_at (self->current_image, x, y, 2));
  else
    text = g_strdup_printf (_("x %d  y %d  value %g"), x, y,
                            sl_image_value_at (self->current_image, x, y, 0));
  gtk_label_set_label (self->pixel_label, text);
}

static void
on_image_view_window_changed_cb (SlWindow    *self,
                                 double       center_delta,
                                 double       width_delta,
                                 SlImageView *view)
{
  g_autofree char *status = NULL;

  if (self->current_image == NULL)
    return;
  sl_window_choice_drag (self->current_image, center_delta, width_delta, &self->window_center,
                         &self->window_width);
  status = g_strdup_printf (_("Window center %.0f, width %.0f"), self->window_center,
                            self->window_width);
  sl_window_set_status (self, status);
  render_current (self);
}

/* The window dropdown: From file, Full range, then the CT presets. */
static void
fill_window_dropdown (SlWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n;
  const SlWindowLevelPreset *presets = sl_window_level_presets (&n);

  gtk_string_list_append (names, _("From file"));
  gtk_string_list_append (names, _("Full range"));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf (_("%s (C %g, W %g)"), _(presets[i].label),
                                               presets[i].center, presets[i].width);

      gtk_string_list_append (names, text);
    }
  gtk_drop_down_set_model (self->window_dropdown, G_LIST_MODEL (names));
}

static void
on_window_dropdown_selected_cb (SlWindow *self)
{
  guint pos = gtk_drop_down_get_selected (self->window_dropdown);
  guint n;
  const SlWindowLevelPreset *presets = sl_window_level_presets (&n);
  SlWindowChoice choice = { SL_WINDOW_FROM_FILE, 0, 0 };

  if (pos == 1)
    choice.mode = SL_WINDOW_FULL_RANGE;
  else if (pos >= 2 && pos - 2 < n)
    {
      choice.mode = SL_WINDOW_FIXED;
      choice.center = presets[pos - 2].center;
      choice.width = presets[pos - 2].width;
    }
  self->window_choice = choice;
  if (self->thumbnails != NULL)
    {
      sl_thumbnail_cache_set_window (self->thumbnails, &choice);
      sl_browse_view_reload_thumbnails (self->browse_view);
    }
  sl_review_page_set_window (self->review_page, &choice);
  if (self->current_image != NULL)
    {
      sl_window_choice_resolve (&choice, self->current_image, &self->window_center,
                                &self->window_width);
      render_current (self);
    }
}

void
sl_window_set_window_choice (SlWindow             *self,
                             const SlWindowChoice *choice)
{
  guint n;
  const SlWindowLevelPreset *presets = sl_window_level_presets (&n);
  guint pos = choice->mode == SL_WINDOW_FULL_RANGE ? 1 : 0;

  g_return_if_fail (SL_IS_WINDOW (self));
  g_return_if_fail (choice != NULL);

  for (guint i = 0; i < n && choice->mode == SL_WINDOW_FIXED; i++)
    if (presets[i].center == choice->center && presets[i].width == choice->width)
      pos = i + 2;
  if (gtk_drop_down_get_selected (self->window_dropdown) == pos)
    on_window_dropdown_selected_cb (self);
  else
    gtk_drop_down_set_selected (self->window_dropdown, pos);
}

gint64
sl_window_get_current_image (SlWindow *self)
{
  SlImageItem *item;

  g_return_val_if_fail (SL_IS_WINDOW (self), 0);

  if (review_visible (self))
    return sl_review_page_get_current (self->review_page);
  if (self->selection == NULL)
    return 0;
  item = gtk_single_selection_get_selected_item (self->selection);
  return item != NULL ? sl_image_item_get_id (item) : 0;
}

static void
select_position (SlWindow *self,
                 guint     position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  if (n == 0)
    return;
  position = MIN (position, n - 1);
  gtk_single_selection_set_selected (self->selection, position);
  sl_browse_view_scroll_to (self->browse_view, position);
  /* keep the grid's keyboard focus on the selection, so arrows go on from there */
  sl_browse_view_focus_image (self->browse_view, sl_image_list_get_id (self->images, position));
}

gboolean
sl_window_select_image (SlWindow *self,
                        gint64    image_id)
{
  guint position;

  g_return_val_if_fail (SL_IS_WINDOW (self), FALSE);

  position = sl_image_list_find (self->images, image_id);
  if (position == G_MAXUINT)
    return FALSE;
  select_position (self, position);
  return TRUE;
}

static void
move (SlWindow *self,
      int       delta)
{
  guint position;

  if (review_visible (self))
    {
      sl_review_page_move (self->review_page, delta);
      return;
    }
  position = gtk_single_selection_get_selected (self->selection);
  if (position == GTK_INVALID_LIST_POSITION)
    select_position (self, 0);
  else if (delta > 0 || position > 0)
    select_position (self, position + delta);
}

/* Labeling */

static gboolean
store_label (SlWindow *self,
             gint64    image_id,
             gint64    class_id)
{
  g_autoptr(GError) error = NULL;

  if (!sl_catalog_set_label (self->catalog, image_id, class_id, self->annotator, &error))
    {
      sl_window_show_error (self, _("Could not store the label"), error->message);
      return FALSE;
    }
  return TRUE;
}

static void
apply_change (SlWindow *self,
              gint64    image_id,
              gint64    before,
              gint64    after)
{
  if (!store_label (self, image_id, after))
    return;
  adjust_count (self, image_id, before, after);
  show_counts (self);
  update_inspector (self);
}

static void ask_annotator (SlWindow *self);

static void
label_current (SlWindow *self,
               gint64    class_id)
{
  gint64 image_id = sl_window_get_current_image (self);
  LabelChange change;

  if (image_id <= 0 || class_id <= 0)
    return;
  change.image_id = image_id;
  change.before = sl_catalog_get_label (self->catalog, image_id);
  change.after = class_id;
  /* In the review queue a confirmed label is stored too: the history then shows the image
   * was reviewed (and the queue leaves it out next time). */
  if (change.before != change.after || review_visible (self))
    {
      if (!store_label (self, image_id, change.after))
        return;
      adjust_count (self, image_id, change.before, change.after);
      show_counts (self);
      g_array_append_val (self->undo, change);
      g_array_set_size (self->redo, 0);
    }
  move (self, 1);
  /* moving refreshed the inspector, unless this was the last image */
  if (sl_window_get_current_image (self) == image_id)
    update_inspector (self);
}

static void
label_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);
  int index = g_variant_get_int32 (parameter);

  if (self->classes == NULL || index < 0 || (guint) index >= sl_class_table_get_n_classes (self->classes))
    return;
  if (self->annotator == NULL)
    {
      g_array_set_size (self->pending_label, 0);
      g_array_append_val (self->pending_label, index);
      ask_annotator (self);
      return;
    }
  label_current (self, sl_class_table_get (self->classes, index)->id);
}

static void
accept_suggestion_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);
  int suggested = sl_label_palette_get_suggested (self->palette);

  if (suggested >= 0)
    gtk_widget_activate_action (widget, "win.label", "i", suggested);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);
  gboolean redo = g_str_equal (action_name, "win.redo");
  GArray *from = redo ? self->redo : self->undo;
  GArray *to = redo ? self->undo : self->redo;
  LabelChange change;

  if (from->len == 0)
    return;
  change = g_array_index (from, LabelChange, from->len - 1);
  g_array_set_size (from, from->len - 1);
  /* Undo appends a history row restoring the previous label: history is never rewritten. */
  if (redo)
    apply_change (self, change.image_id, change.before, change.after);
  else
    apply_change (self, change.image_id, change.after, change.before);
  g_array_append_val (to, change);
  if (!review_visible (self))
    sl_window_select_image (self, change.image_id);
  sl_window_set_status (self, redo ? _("Redone") : _("Undone"));
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  move (SL_WINDOW (widget), g_str_equal (action_name, "win.next") ? 1 : -1);
}

static void
toggle_heatmap_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  sl_review_page_toggle_heatmap (SL_WINDOW (widget)->review_page);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  gtk_stack_set_visible_child_name (SL_WINDOW (widget)->stack, g_variant_get_string (parameter, NULL));
}

static void
make_splits_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!sl_catalog_make_split (self->catalog, 0.1, 0.1, 1, FALSE, &error))
    {
      sl_window_show_error (self, _("Could not make the splits"), error->message);
      return;
    }
  reload_counts (self);
  apply_filters (self);
  update_inspector (self);
  sl_window_set_status (self, _("Images without a split were assigned to train, validation and test"));
}

/* The annotator dialog */

void
sl_window_set_annotator (SlWindow   *self,
                         const char *annotator)
{
  g_return_if_fail (SL_IS_WINDOW (self));

  g_free (self->annotator);
  self->annotator = annotator != NULL && *annotator != '\0' ? g_strdup (annotator) : NULL;
}

static void
on_annotator_response_cb (GtkDialog *dialog,
                          int        response,
                          SlWindow  *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (response == GTK_RESPONSE_OK && *name != '\0')
    {
      sl_window_set_annotator (self, name);
      sl_settings_set_string (SL_SETTINGS_ANNOTATOR, name);
      if (self->pending_label->len == 1)
        gtk_widget_activate_action (GTK_WIDGET (self), "win.label", "i",
                                    g_array_index (self->pending_label, int, 0));
    }
  g_array_set_size (self->pending_label, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
ask_annotator (SlWindow *self)
{
  GtkWidget *dialog = gtk_dialog_new_with_buttons (_("Who Is Labeling?"), GTK_WINDOW (self),
                                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT |
                                                   GTK_DIALOG_USE_HEADER_BAR,
                                                   _("_Cancel"), GTK_RESPONSE_CANCEL,
                                                   _("_Start Labeling"), GTK_RESPONSE_OK, NULL);
  GtkWidget *box = gtk_dialog_get_content_area (GTK_DIALOG (dialog));
  GtkWidget *text = gtk_label_new (_("Your name is stored with every label you give, so the "
                                     "history shows who decided what."));
  GtkWidget *entry = gtk_entry_new ();

  gtk_box_set_spacing (GTK_BOX (box), 12);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 40);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Your name"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), g_get_real_name ());
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK),
                            "suggested-action");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (dialog, "response", G_CALLBACK (on_annotator_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Keys: number keys label, H toggles the heatmap. Bubble phase, so text entries get them first. */

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   SlWindow              *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean labeling = g_strcmp0 (page, "browse") == 0 || g_strcmp0 (page, "review") == 0;
  int index;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0 || !labeling)
    return FALSE;
  index = sl_label_palette_class_for_key (self->palette, keyval);
  if (index >= 0)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.label", "i", index);
      return TRUE;
    }
  switch (keyval)
    {
    case GDK_KEY_h:
    case GDK_KEY_H:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toggle-heatmap", NULL);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.accept-suggestion", NULL);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_Down:
    case GDK_KEY_Page_Down:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.next", NULL);
      return TRUE;
    case GDK_KEY_Left:
    case GDK_KEY_Up:
    case GDK_KEY_Page_Up:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.previous", NULL);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
on_palette_class_activated_cb (SlWindow       *self,
                               int             index,
                               SlLabelPalette *palette)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.label", "i", index);
}

static void
on_browse_view_activate_cb (SlWindow     *self,
                            guint         position,
                            SlBrowseView *view)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.accept-suggestion", NULL);
}

static void
on_stack_visible_child_cb (SlWindow *self)
{
  update_inspector (self);
}

static void
on_review_current_changed_cb (SlWindow *self)
{
  if (review_visible (self))
    update_inspector (self);
}

/* A new model is loaded on a worker (its own catalog connection): building the network takes
 * tens of milliseconds, and the user may be scrolling meanwhile. */
typedef struct
{
  char *catalog_path;
  gint64 model_id;
} ModelLoad;

static void
model_load_free (ModelLoad *load)
{
  g_free (load->catalog_path);
  g_free (load);
}

static void
load_model_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ModelLoad *load = task_data;
  GError *error = NULL;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (load->catalog_path, &error);
  SlModel *model = catalog != NULL ? sl_model_load_from_catalog (catalog, load->model_id, &error)
                                   : NULL;

  if (model != NULL)
    g_task_return_pointer (task, model, (GDestroyNotify) sl_model_free);
  else
    g_task_return_error (task, error);
}

static void
on_trained_model_loaded_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  SlWindow *self = SL_WINDOW (source);
  g_autoptr(GError) error = NULL;
  SlModel *model = g_task_propagate_pointer (G_TASK (result), &error);
  ModelLoad *load = g_task_get_task_data (G_TASK (result));

  /* another catalog was opened meanwhile */
  if (self->catalog == NULL || g_strcmp0 (sl_catalog_get_path (self->catalog), load->catalog_path) != 0)
    {
      g_clear_pointer (&model, sl_model_free);
      return;
    }
  if (model == NULL)
    {
      sl_window_show_error (self, _("Could not load the new model"), error->message);
      return;
    }
  self->model_id = load->model_id;
  fill_model_dropdown (self);
  use_model (self, model);
  sl_window_set_status (self, _("Training finished: the new model's predictions are shown"));
}

static void
on_model_trained_cb (SlWindow    *self,
                     gint64       model_id,
                     SlTrainPage *page)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_trained_model_loaded_cb, NULL);
  ModelLoad *load = g_new0 (ModelLoad, 1);

  load->catalog_path = g_strdup (sl_catalog_get_path (self->catalog));
  load->model_id = model_id;
  g_task_set_source_tag (task, on_model_trained_cb);
  g_task_set_task_data (task, load, (GDestroyNotify) model_load_free);
  g_task_run_in_thread (task, load_model_thread);
}

static void
on_metrics_cell_activated_cb (SlWindow      *self,
                              gint64         true_class_id,
                              gint64         predicted_class_id,
                              int            split,
                              SlMetricsPage *page)
{
  gint64 model_id = sl_metrics_page_get_model_id (page);
  guint n;

  if (model_id != self->model_id)
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
  apply_filters (self);
  gtk_stack_set_visible_child_name (self->stack, "browse");
  select_position (self, 0);
}

/* Import */

static void
on_images_changed_cb (SlWindow *self)
{
  reload_counts (self);
  rebuild_classes (self);
  update_count_label (self);
  update_inspector (self);
}

static void
on_import_progress_cb (const SlImportStats *stats,
                       gpointer             user_data)
{
  SlWindow *self = user_data;
  g_autofree char *text = NULL;

  if (stats->total > 0)
    gtk_progress_bar_set_fraction (self->job_progress, (double) stats->done / stats->total);
  else
    gtk_progress_bar_pulse (self->job_progress);
  text = g_strdup_printf (_("Importing… %u of %u files, %u new"), stats->done, stats->total,
                          stats->imported);
  sl_window_set_status (self, text);
  /* show committed images as they come, about once a second (appending is cheap) */
  if (g_get_monotonic_time () - self->import_refreshed_at > G_USEC_PER_SEC &&
      self->catalog == self->import_catalog && self->images != NULL)
    {
      self->import_refreshed_at = g_get_monotonic_time ();
      sl_image_list_refresh (self->images, NULL);
      on_images_changed_cb (self);
    }
}

static void
on_import_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SlWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) notices = NULL;
  SlImportStats stats = { 0 };
  g_autofree char *text = NULL;
  g_autoptr(SlCatalog) catalog = g_steal_pointer (&self->import_catalog);
  gboolean ok;

  ok = sl_import_job_run_finish (catalog, result, &stats, &notices, &error);
  g_clear_object (&self->import_cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->job_progress), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->job_cancel), FALSE);
  if (self->catalog != catalog)
    return;
  on_images_changed_cb (self);
  text = g_strdup_printf (_("Imported %u new images; %u duplicates and %u unreadable files skipped"),
                          stats.imported, stats.duplicates, stats.skipped);
  sl_window_set_status (self, text);
  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sl_window_show_error (self, _("The import stopped"), error->message);
      else
        sl_window_set_status (self, _("Import cancelled; the images imported so far are kept"));
    }
  else if (stats.skipped > 0 && notices != NULL)
    {
      GString *detail = g_string_new (NULL);
      guint n = g_strv_length (notices);

      for (guint i = 0; i < n && i < 20; i++)
        g_string_append_printf (detail, "%s\n", notices[i]);
      if (n > 20)
        g_string_append_printf (detail, _("… and %u more"), n - 20);
      sl_window_show_error (self, text, detail->str);
      g_string_free (detail, TRUE);
    }
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    select_position (self, 0);
}

void
sl_window_import (SlWindow  *self,
                  GFile    **files,
                  int        n_files)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *labels_csv = NULL;

  g_return_if_fail (SL_IS_WINDOW (self));

  if (self->catalog == NULL || self->import_cancellable != NULL)
    return;
  for (int i = 0; i < n_files; i++)
    {
      char *path = g_file_get_path (files[i]);
      g_autofree char *csv = NULL;

      if (path == NULL)
        continue;
      g_ptr_array_add (paths, path);
      csv = g_build_filename (path, "labels.csv", NULL);
      if (labels_csv == NULL && g_file_test (csv, G_FILE_TEST_IS_REGULAR))
        labels_csv = g_steal_pointer (&csv);
    }
  if (paths->len == 0)
    return;
  g_ptr_array_add (paths, NULL);

  self->import_cancellable = g_cancellable_new ();
  self->import_catalog = g_object_ref (self->catalog);
  self->import_refreshed_at = g_get_monotonic_time ();
  gtk_progress_bar_set_fraction (self->job_progress, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->job_progress), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->job_cancel), TRUE);
  sl_window_set_status (self, _("Importing…"));
  sl_import_job_run_async (self->catalog, (const char *const *) paths->pdata, labels_csv,
                           on_import_progress_cb, g_object_ref (self), g_object_unref,
                           self->import_cancellable, on_import_done_cb, g_object_ref (self));
}

gboolean
sl_window_is_busy (SlWindow *self)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), FALSE);
  return self->import_cancellable != NULL || sl_train_page_get_running (self->train_page);
}

static void
on_job_cancel_clicked_cb (SlWindow *self)
{
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
}

static void
on_import_chooser_response_cb (GtkNativeDialog *chooser,
                               int              response,
                               SlWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      guint n = g_list_model_get_n_items (files);
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));
      sl_window_import (self, (GFile **) array->pdata, (int) array->len);
    }
  g_object_unref (chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gboolean files = g_str_equal (action_name, "win.import-files");
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (files ? _("Import Images") : _("Import Folders"),
                                         GTK_WINDOW (widget),
                                         files ? GTK_FILE_CHOOSER_ACTION_OPEN
                                               : GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_chooser_response_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            SlWindow      *self)
{
  GSList *list;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  for (list = g_value_get_boxed (value); list != NULL; list = list->next)
    g_ptr_array_add (files, list->data);
  sl_window_import (self, (GFile **) files->pdata, (int) files->len);
  return files->len > 0;
}

/* Catalogs */

static void
update_recent_menu (SlWindow *self)
{
  g_auto(GStrv) recent = sl_settings_get_recent ();

  g_menu_remove_all (self->recent_section);
  for (guint i = 0; recent != NULL && recent[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (recent[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (base, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_section, item);
    }
}

/* A catalog that fails its check still opens (to look, back up, export what is left), with a
 * warning saying what is wrong. */
static void
warn_if_unhealthy (SlWindow  *self,
                   SlCatalog *catalog)
{
  g_autoptr(GError) error = NULL;

  if (!sl_catalog_require_healthy (catalog, &error))
    sl_window_show_error (self, _("This catalog fails its check"), error->message);
}

gboolean
sl_window_open_catalog (SlWindow    *self,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(SlCatalog) catalog = NULL;
  g_autofree char *base = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (SL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  catalog = sl_catalog_open (path, error);
  if (catalog == NULL)
    return FALSE;
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);

  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_func (self->catalog, on_images_changed_cb, self);
  g_set_object (&self->catalog, catalog);
  g_signal_connect_object (catalog, "images-changed", G_CALLBACK (on_images_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_clear_object (&self->thumbnails);
  self->thumbnails = sl_thumbnail_cache_new (sl_catalog_get_path (catalog), THUMBNAIL_SIZE,
                                             THUMBNAIL_CAPACITY);
  sl_thumbnail_cache_set_window (self->thumbnails, &self->window_choice);
  sl_browse_view_set_cache (self->browse_view, self->thumbnails);
  g_clear_pointer (&self->model, sl_model_free);
  self->model_id = 0;
  self->updating_filters = TRUE;
  gtk_drop_down_set_selected (self->split_dropdown, 0);
  gtk_drop_down_set_selected (self->class_dropdown, 0);
  gtk_drop_down_set_selected (self->predicted_dropdown, 0);
  gtk_check_button_set_active (self->disagreement_check, FALSE);
  gtk_check_button_set_active (self->uncertain_check, FALSE);
  self->updating_filters = FALSE;
  rebuild_classes (self);
  {
    g_autoptr(SlImageList) list = sl_image_list_new (catalog, NULL);

    set_image_list (self, list);
  }
  g_array_set_size (self->undo, 0);
  g_array_set_size (self->redo, 0);
  self->current_id = 0;

  base = g_path_get_basename (path);
  if (g_str_has_suffix (base, ".sightline"))
    base[strlen (base) - strlen (".sightline")] = '\0';
  gtk_menu_button_set_label (self->catalog_button, base);
  title = g_strdup_printf (_("%s — Sightline"), base);
  gtk_window_set_title (GTK_WINDOW (self), title);

  sl_train_page_set_catalog (self->train_page, catalog);
  reload_counts (self);
  {
    g_autoptr(GPtrArray) models = sl_catalog_list_models (catalog);

    self->model_id = models->len > 0 ? ((SlModelInfo *) g_ptr_array_index (models, 0))->id : 0;
  }
  fill_model_dropdown (self);
  load_model (self);
  update_count_label (self);
  on_selection_changed_cb (self);

  gtk_widget_grab_focus (GTK_WIDGET (sl_browse_view_get_grid (self->browse_view)));
  sl_window_set_status (self, _("Press 1–9 to label the selected image, arrows to move, "
                                "Ctrl+Z to undo, Ctrl+? for every shortcut"));
  sl_settings_set_string (SL_SETTINGS_LAST_CATALOG, sl_catalog_get_path (catalog));
  sl_settings_add_recent (sl_catalog_get_path (catalog));
  update_recent_menu (self);
  warn_if_unhealthy (self, catalog);
  return TRUE;
}

static void
open_path (SlWindow   *self,
           const char *path)
{
  g_autoptr(GError) error = NULL;

  if (sl_window_is_busy (self))
    {
      sl_window_show_error (self, _("A job is running"),
                            _("Wait for the import or the training to finish, or cancel it, "
                              "before opening another catalog."));
      return;
    }
  if (!sl_window_open_catalog (self, path, &error))
    sl_window_show_error (self, _("Could not open the catalog"), error->message);
}

static void
on_catalog_chooser_response_cb (GtkNativeDialog *chooser,
                                int              response,
                                SlWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL && gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE &&
          !g_str_has_suffix (path, ".sightline"))
        {
          char *with_suffix = g_strconcat (path, ".sightline", NULL);

          g_free (path);
          path = with_suffix;
        }
      if (path != NULL)
        open_path (self, path);
    }
  g_object_unref (chooser);
}

static void
catalog_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  gboolean create = g_str_equal (action_name, "win.new-catalog");
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (create ? _("New Catalog") : _("Open Catalog"),
                                         GTK_WINDOW (widget),
                                         create ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         create ? _("_Create") : _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Sightline catalogs"));
  gtk_file_filter_add_pattern (filter, "*.sightline");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (create)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("Untitled.sightline"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_catalog_chooser_response_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_path (SL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* GObject */

static void
sl_window_dispose (GObject *object)
{
  SlWindow *self = SL_WINDOW (object);

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  sl_train_page_cancel (self->train_page);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->images);
  g_clear_object (&self->thumbnails);
  g_clear_pointer (&self->model, sl_model_free);
  g_clear_pointer (&self->classes, sl_class_table_unref);
  g_clear_pointer (&self->models, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->current_image, sl_image_free);
  g_clear_object (&self->catalog);
  G_OBJECT_CLASS (sl_window_parent_class)->dispose (object);
}

static void
sl_window_finalize (GObject *object)
{
  SlWindow *self = SL_WINDOW (object);

  g_array_unref (self->undo);
  g_array_unref (self->redo);
  g_array_unref (self->pending_label);
  g_object_unref (self->exports);
  g_free (self->annotator);
  G_OBJECT_CLASS (sl_window_parent_class)->finalize (object);
}

static void
sl_window_class_init (SlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_window_dispose;
  object_class->finalize = sl_window_finalize;

  g_type_ensure (SL_TYPE_BROWSE_VIEW);
  g_type_ensure (SL_TYPE_IMAGE_VIEW);
  g_type_ensure (SL_TYPE_LABEL_PALETTE);
  g_type_ensure (SL_TYPE_TRAIN_PAGE);
  g_type_ensure (SL_TYPE_REVIEW_PAGE);
  g_type_ensure (SL_TYPE_METRICS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sightline/Sightline/ui/sl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlWindow, catalog_button);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, class_list);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, unlabeled_label);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, split_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, class_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, predicted_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, disagreement_check);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, uncertain_check);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, browse_view);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, image_view);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, train_page);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, review_page);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, metrics_page);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, image_title);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, image_details);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, pixel_label);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, window_box);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, window_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, palette);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, prediction_label);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, history_label);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, job_progress);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, job_cancel);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, recent_section);
  gtk_widget_class_bind_template_callback (widget_class, on_job_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_class_list_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.label", "i", label_action);
  gtk_widget_class_install_action (widget_class, "win.accept-suggestion", NULL, accept_suggestion_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.next", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "win.previous", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-heatmap", NULL, toggle_heatmap_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.make-splits", NULL, make_splits_action);
  gtk_widget_class_install_action (widget_class, "win.add-class", NULL, add_class_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-files", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.open-catalog", NULL, catalog_action);
  gtk_widget_class_install_action (widget_class, "win.new-catalog", NULL, catalog_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
}

static SlCatalog *
export_get_source (GtkWindow *window,
                   gint64    *model_id,
                   SlSplit   *split)
{
  SlWindow *self = SL_WINDOW (window);

  *model_id = self->model_id;
  *split = sl_metrics_page_get_split (self->metrics_page);
  return self->catalog;
}

static void
export_set_status (GtkWindow  *window,
                   const char *text)
{
  sl_window_set_status (SL_WINDOW (window), text);
}

static void
export_show_error (GtkWindow  *window,
                   const char *title,
                   const char *detail)
{
  sl_window_show_error (SL_WINDOW (window), title, detail);
}

static const SlExportHost export_host = {
  export_get_source,
  export_set_status,
  export_show_error,
};

static void
sl_window_init (SlWindow *self)
{
  GtkEventController *keys;
  GtkDropTarget *drop;
  g_autofree char *annotator = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->exports = sl_export_actions_new (GTK_WINDOW (self), &export_host);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "export", self->exports);

  self->undo = g_array_new (FALSE, FALSE, sizeof (LabelChange));
  self->redo = g_array_new (FALSE, FALSE, sizeof (LabelChange));
  self->pending_label = g_array_new (FALSE, FALSE, sizeof (int));
  annotator = sl_settings_get_string (SL_SETTINGS_ANNOTATOR);
  sl_window_set_annotator (self, annotator);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_swapped (self->split_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->class_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->predicted_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->disagreement_check, "toggled", G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->uncertain_check, "toggled", G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->model_dropdown, "notify::selected", G_CALLBACK (on_model_dropdown_selected_cb), self);
  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (on_stack_visible_child_cb), self);
  g_signal_connect_swapped (self->image_view, "pixel-hovered", G_CALLBACK (on_image_view_pixel_hovered_cb), self);
  g_signal_connect_swapped (self->image_view, "window-changed", G_CALLBACK (on_image_view_window_changed_cb), self);
  fill_window_dropdown (self);
  g_signal_connect_swapped (self->window_dropdown, "notify::selected", G_CALLBACK (on_window_dropdown_selected_cb), self);
  g_signal_connect_swapped (self->palette, "class-activated", G_CALLBACK (on_palette_class_activated_cb), self);
  g_signal_connect_swapped (self->browse_view, "activate", G_CALLBACK (on_browse_view_activate_cb), self);
  g_signal_connect_swapped (self->review_page, "current-changed", G_CALLBACK (on_review_current_changed_cb), self);
  g_signal_connect_swapped (self->train_page, "model-trained", G_CALLBACK (on_model_trained_cb), self);
  g_signal_connect_swapped (self->metrics_page, "cell-activated", G_CALLBACK (on_metrics_cell_activated_cb), self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->predicted_dropdown), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->disagreement_check), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->uncertain_check), FALSE);
}

SlWindow *
sl_window_new (SlApplication *application)
{
  return g_object_new (SL_TYPE_WINDOW, "application", application, NULL);
}

SlCatalog *
sl_window_get_catalog (SlWindow *self)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), NULL);
  return self->catalog;
}

SlImageList *
sl_window_get_image_list (SlWindow *self)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), NULL);
  return self->images;
}

GActionGroup *
sl_window_get_export_actions (SlWindow *self)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), NULL);
  return self->exports;
}

GtkWidget *
sl_window_get_page (SlWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), NULL);
  return gtk_stack_get_child_by_name (self->stack, name);
}
