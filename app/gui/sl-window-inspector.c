/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The inspector: the current image's details, history and the model's suggestion, the label
 * palette, the pixel under the pointer, and the window/level of the image in view. */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-catalog-readers.h"
#include "sl-image-item.h"
#include "sl-model.h"
#include "sl-window-level.h"
#include "sl-window-private.h"

/* Display copies of more pixels than this are read and rendered on a worker (tens of ms for
 * 2048 × 2048), with a preview shrunk to the view's size, the view showing the thumbnail
 * meanwhile; smaller ones at once, where a worker would only add a frame of delay. */
#define SHOWN_AT_ONCE_PIXELS (512 * 512)
/* While the preview is what the view draws, a window/level change renders the preview alone and
 * the full image follows on the worker once changes pause this long (a drag makes one a frame). */
#define FULL_RENDER_PAUSE_MS 150

/* Shows texture (and its preview), the current image rendered with self->window_center and
 * window_width. */
static void
show_current (SlWindow   *self,
              GdkTexture *texture,
              GdkTexture *preview)
{
  sl_image_view_set_texture (self->image_view, texture);
  sl_image_view_set_preview (self->image_view, preview);
  sl_image_view_set_window_level (self->image_view, self->window_center,
                                  self->current_image != NULL &&
                                  sl_window_choice_applies (self->current_image)
                                  ? self->window_width : 0);
}

/* The side of the preview drawn while an image is fitted: the view's larger side in device
 * pixels. */
static int
preview_side (SlWindow *self)
{
  GtkWidget *view = GTK_WIDGET (self->image_view);

  return MAX (MAX (gtk_widget_get_width (view), gtk_widget_get_height (view))
              * gtk_widget_get_scale_factor (view), 1);
}

static void start_display_load (SlWindow *self);

static gboolean
on_full_render_due (gpointer data)
{
  SlWindow *self = data;

  self->full_render_id = 0;
  start_display_load (self);
  return G_SOURCE_REMOVE;
}

/* Shows the selected image with its window/level (from self->window_choices). */
static void
render_current (SlWindow *self)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) preview = NULL;
  SlWindowChoice choice;

  if (self->current_image != NULL)
    {
      choice = sl_window_choices_lookup (self->window_choices, self->current_id);
      sl_window_choice_resolve (&choice, self->current_image, &self->window_center,
                                &self->window_width);
    }
  if (self->current_preview != NULL)
    preview = sl_texture_from_image (self->current_preview, 0, self->window_center,
                                     self->window_width);
  if (preview != NULL && sl_image_view_get_preview_shown (self->image_view))
    {
      sl_image_view_set_preview (self->image_view, preview);
      sl_image_view_set_window_level (self->image_view, self->window_center, self->window_width);
      g_cancellable_cancel (self->display_load);
      g_clear_object (&self->display_load);
      g_clear_handle_id (&self->full_render_id, g_source_remove);
      self->full_render_id = g_timeout_add (FULL_RENDER_PAUSE_MS, on_full_render_due, self);
      return;
    }
  if (self->current_image != NULL)
    texture = sl_texture_from_image (self->current_image, 0, self->window_center,
                                     self->window_width);
  show_current (self, texture, preview);
}

static void sync_window_dropdown           (SlWindow *self);
static void on_window_dropdown_selected_cb (SlWindow *self);

/* only_annotator (blind reading): that reader's rows alone; adjudications are never shown
 * then. */
static char *
format_history (SlWindow   *self,
                gint64      image_id,
                const char *only_annotator)
{
  g_autoptr(GPtrArray) history = sl_catalog_label_history (sl_window_get_catalog (self), image_id,
                                                           NULL);
  GString *text = g_string_new (NULL);

  guint shown = 0;

  /* newest first, at most eight rows */
  for (guint i = history != NULL ? history->len : 0; i > 0 && shown < 8; i--)
    {
      SlLabelEvent *event = g_ptr_array_index (history, i - 1);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (event->created_at / G_USEC_PER_SEC);
      g_autofree char *time = g_date_time_format (when, "%d %b %H:%M");
      const char *name = event->class_id > 0 ? sl_class_table_get_name (self->classes, event->class_id)
                                             : _("cleared");
      const char *who = event->annotator != NULL ? sl_reader_display_name (event->annotator)
                                                 : "—";
      g_autofree char *source = NULL;

      if (only_annotator != NULL && g_strcmp0 (event->annotator, only_annotator) != 0)
        continue;
      shown++;
      switch (event->source)
        {
        case SL_LABEL_SOURCE_SUGGESTION:
          /* TRANSLATORS: in the label history: who accepted the model's suggestion */
          source = g_strdup_printf (_("AI suggestion accepted by %s"), who);
          break;
        case SL_LABEL_SOURCE_IMPORT:
          source = g_strdup (_("imported"));
          break;
        case SL_LABEL_SOURCE_HUMAN:
        default:
          source = g_strdup (who);
          break;
        }
      g_string_append_printf (text, "%s%s · %s · %s", text->len > 0 ? "\n" : "",
                              name != NULL ? name : "?", source, time);
    }
  if (text->len == 0)
    g_string_append (text, _("Never labeled"));
  return g_string_free (text, FALSE);
}

/* info: the current image's, NULL for none */
static void
update_inspector (SlWindow          *self,
                  const SlImageInfo *info)
{
  gint64 id = sl_window_get_current_image (self);
  SlModel *model = sl_workspace_get_model (self->workspace);
  g_autofree char *title = NULL;
  g_autofree char *details = NULL;
  g_autofree char *history = NULL;
  g_autofree char *prediction = NULL;
  int current = -1, suggested = -1;
  double confidence = -1;
  gboolean blind = _sl_window_blind (self);

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
  gtk_label_set_label (self->image_title, title);
  gtk_label_set_label (self->image_details, details);
  if (blind)
    {
      /* blind reading: this reader's own labels only, no suggestion */
      const char *annotator = sl_workspace_get_annotator (self->workspace);

      history = format_history (self, id, annotator != NULL ? annotator : "");
      current = sl_class_table_index_of (self->classes,
                                         sl_catalog_get_reader_label (sl_window_get_catalog (self),
                                                                      id, annotator));
      prediction = g_markup_escape_text (_("Blind reading: other readers' labels and the "
                                           "model's suggestion are hidden."), -1);
    }
  else
    {
      g_autofree char *readers = _sl_window_format_readers (self, id);
      g_autofree char *rows = format_history (self, id, NULL);

      history = readers != NULL ? g_strdup_printf ("%s\n%s", readers, rows)
                                : g_steal_pointer (&rows);
      current = sl_class_table_index_of (self->classes, info->class_id);
    }
  gtk_label_set_label (self->history_label, history);
  sl_label_palette_set_current (self->palette, current);

  if (model != NULL && !blind)
    {
      int n = sl_model_get_n_classes (model);
      g_autofree float *probs = g_new0 (float, n);

      if (sl_catalog_get_prediction (sl_window_get_catalog (self),
                                     sl_workspace_get_model_id (self->workspace), id, probs, n))
        {
          int best = 0;

          for (int k = 1; k < n; k++)
            if (probs[k] > probs[best])
              best = k;
          suggested = sl_class_table_index_of (self->classes,
                                               sl_class_table_model_class_id (self->classes, best));
          confidence = probs[best];
          prediction = g_strdup_printf (_("Model suggests <b>%s</b> (%.0f%%)"),
                                        sl_model_get_class_name (model, best), 100 * confidence);
        }
    }
  sl_label_palette_set_suggested (self->palette, suggested, confidence);
  gtk_label_set_markup (self->prediction_label, prediction != NULL ? prediction : "");
}

void
_sl_window_update_inspector (SlWindow *self)
{
  gint64 id = sl_window_get_current_image (self);
  g_autoptr(SlImageInfo) info = NULL;

  if (sl_window_get_catalog (self) == NULL)
    return;
  if (id > 0)
    info = sl_catalog_get_image_info (sl_window_get_catalog (self), id, NULL);
  update_inspector (self, info);
}

typedef struct
{
  char *catalog_path;
  gint64 image_id;
  SlWindowChoice choice;
  int preview_side;       /* the view's larger side in device pixels */
  SlImage *image;
  SlImage *preview_image; /* NULL when the image is no larger than the view */
  double center;
  double width;
  GdkTexture *texture;
  GdkTexture *preview;
} DisplayLoad;

static void
display_load_free (gpointer data)
{
  DisplayLoad *load = data;

  g_free (load->catalog_path);
  g_clear_pointer (&load->image, sl_image_free);
  g_clear_pointer (&load->preview_image, sl_image_free);
  g_clear_object (&load->texture);
  g_clear_object (&load->preview);
  g_free (load);
}

static void
display_load_thread (GTask        *task,
                     gpointer      source,
                     gpointer      data,
                     GCancellable *cancellable)
{
  DisplayLoad *load = data;
  g_autoptr(SlCatalog) catalog = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  catalog = sl_catalog_open (load->catalog_path, &error);
  if (catalog != NULL)
    load->image = sl_catalog_load_display_image (catalog, load->image_id, &error);
  if (load->image == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  sl_window_choice_resolve (&load->choice, load->image, &load->center, &load->width);
  load->preview_image = sl_image_shrink (load->image, load->preview_side);
  if (load->preview_image != NULL)
    load->preview = sl_texture_from_image (load->preview_image, 0, load->center, load->width);
  load->texture = sl_texture_from_image (load->image, 0, load->center, load->width);
  g_task_return_boolean (task, TRUE);
}

static void
on_display_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  SlWindow *self = SL_WINDOW (source);
  DisplayLoad *load = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;   /* another image was selected, or its window/level changed */
      g_clear_object (&self->display_load);
      sl_window_set_status (self, error->message);
      return;
    }
  g_clear_object (&self->display_load);
  /* a window/level change meanwhile would have cancelled it */
  g_clear_pointer (&self->current_image, sl_image_free);
  g_clear_pointer (&self->current_preview, sl_image_free);
  self->current_image = g_steal_pointer (&load->image);
  self->current_preview = g_steal_pointer (&load->preview_image);
  self->window_center = load->center;
  self->window_width = load->width;
  show_current (self, load->texture, load->preview);
  sync_window_dropdown (self);
  _sl_window_update_inspector (self);   /* the body part comes with the decoded image */
}

/* Reads the current image's display copy on a worker and renders it with its window/level. */
static void
start_display_load (SlWindow *self)
{
  g_autoptr(GTask) task = NULL;
  DisplayLoad *load = g_new0 (DisplayLoad, 1);

  g_cancellable_cancel (self->display_load);
  g_clear_object (&self->display_load);
  load->catalog_path = g_strdup (sl_catalog_get_path (sl_window_get_catalog (self)));
  load->image_id = self->current_id;
  load->choice = sl_window_choices_lookup (self->window_choices, self->current_id);
  load->preview_side = preview_side (self);
  self->display_load = g_cancellable_new ();
  task = g_task_new (self, self->display_load, on_display_loaded_cb, NULL);
  g_task_set_task_data (task, load, display_load_free);
  g_task_run_in_thread (task, display_load_thread);
}

/* Reads the selected image's display copy (id, its info, or why there is none): at once when
 * small, else on a worker. */
static void
load_current_image (SlWindow          *self,
                    gint64             id,
                    const SlImageInfo *info,
                    const GError      *info_error)
{
  SlCatalog *catalog = sl_window_get_catalog (self);
  g_autoptr(GError) error = info_error != NULL ? g_error_copy (info_error) : NULL;

  if (id == self->current_id && (self->current_image != NULL || self->display_load != NULL))
    return;
  g_cancellable_cancel (self->display_load);
  g_clear_object (&self->display_load);
  g_clear_handle_id (&self->full_render_id, g_source_remove);
  self->current_id = id;
  g_clear_pointer (&self->current_image, sl_image_free);
  g_clear_pointer (&self->current_preview, sl_image_free);
  gtk_label_set_label (self->pixel_label, "");
  if (info != NULL && (gint64) MIN (info->width, SL_CATALOG_DISPLAY_SIDE)
                      * MIN (info->height, SL_CATALOG_DISPLAY_SIDE) > SHOWN_AT_ONCE_PIXELS)
    {
      start_display_load (self);
      show_current (self, self->thumbnails != NULL
                          ? sl_thumbnail_cache_lookup (self->thumbnails, id) : NULL, NULL);
    }
  else
    {
      if (info != NULL)
        self->current_image = sl_catalog_load_display_image (catalog, id, &error);
      if (id > 0 && self->current_image == NULL)
        sl_window_set_status (self, error->message);
      render_current (self);
    }
  sync_window_dropdown (self);
}

void
_sl_window_selection_changed (SlWindow *self)
{
  SlImageItem *item = gtk_single_selection_get_selected_item (self->selection);
  gint64 id = item != NULL ? sl_image_item_get_id (item) : 0;
  g_autoptr(SlImageInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  if (id > 0)
    info = sl_catalog_get_image_info (sl_window_get_catalog (self), id, &error);
  load_current_image (self, id, info, error);
  if (sl_window_get_catalog (self) == NULL)
    return;
  if (sl_window_get_current_image (self) == id)
    update_inspector (self, info);
  else   /* the Review page's image is the current one */
    _sl_window_update_inspector (self);
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

/* The window/level: each image has its own (self->window_choices); the dropdown shows and
 * changes the one of the image in view (the reviewed one on the Review page). */

static const SlImage *
window_target (SlWindow *self,
               gint64   *image_id)
{
  if (_sl_window_review_visible (self))
    {
      *image_id = sl_review_page_get_current (self->review_page);
      return sl_review_page_get_image (self->review_page);
    }
  *image_id = self->current_id;
  return self->current_image;
}

static gboolean
same_strings (GListModel    *model,
              GtkStringList *strings)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (strings));

  if (!GTK_IS_STRING_LIST (model) || g_list_model_get_n_items (model) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i),
                   gtk_string_list_get_string (strings, i)) != 0)
      return FALSE;
  return TRUE;
}

/* From file, Full range, the presets of the image's modality, and Custom after a drag (or for
 * fixed values no preset has). */
static void
sync_window_dropdown (SlWindow *self)
{
  gint64 id;
  const SlImage *image = window_target (self, &id);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const SlWindowLevelPreset *presets;
  SlWindowChoice choice;
  guint n, selected = 0;

  if (image == NULL && self->display_load != NULL)
    return;   /* the row stays as it is until the worker has read the image: no jump */
  gtk_widget_set_visible (self->window_box, image != NULL && sl_window_choice_applies (image));
  if (image == NULL)
    return;
  presets = sl_window_level_presets_for_modality (image->modality, &n);
  choice = sl_window_choices_lookup (self->window_choices, id);
  gtk_string_list_append (names, _("From file"));
  gtk_string_list_append (names, _("Full range"));
  if (choice.mode == SL_WINDOW_FULL_RANGE)
    selected = 1;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf (_("%s (C %g, W %g)"), _(presets[i].label),
                                               presets[i].center, presets[i].width);

      gtk_string_list_append (names, text);
      if (choice.mode == SL_WINDOW_FIXED && presets[i].center == choice.center &&
          presets[i].width == choice.width)
        selected = i + 2;
    }
  if (choice.mode == SL_WINDOW_CUSTOM || (choice.mode == SL_WINDOW_FIXED && selected == 0))
    {
      /* TRANSLATORS: the window dropdown after the window/level was dragged by hand */
      gtk_string_list_append (names, _("Custom"));
      selected = n + 2;
    }
  g_signal_handlers_block_by_func (self->window_dropdown, on_window_dropdown_selected_cb, self);
  /* a new model rebuilds the dropdown's list: not for every image of the same modality */
  if (!same_strings (gtk_drop_down_get_model (self->window_dropdown), names))
    gtk_drop_down_set_model (self->window_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->window_dropdown, selected);
  g_signal_handlers_unblock_by_func (self->window_dropdown, on_window_dropdown_selected_cb, self);
}

static gboolean
sync_window_dropdown_cb (gpointer data)
{
  sync_window_dropdown (data);
  return G_SOURCE_REMOVE;
}

static void
apply_window_choice (SlWindow             *self,
                     const SlWindowChoice *choice)
{
  gint64 id;
  const SlImage *image = window_target (self, &id);
  SlWindowMode old_mode;

  if (image == NULL || !sl_window_choice_applies (image))
    return;
  old_mode = sl_window_choices_lookup (self->window_choices, id).mode;
  sl_window_choices_set (self->window_choices, id, choice);
  if (_sl_window_review_visible (self))
    sl_review_page_set_window (self->review_page, choice);
  else
    render_current (self);
  /* the Custom row comes and goes; not from inside the dropdown's own selection change */
  if ((old_mode == SL_WINDOW_CUSTOM) != (choice->mode == SL_WINDOW_CUSTOM))
    g_idle_add_full (G_PRIORITY_HIGH_IDLE, sync_window_dropdown_cb, g_object_ref (self),
                     g_object_unref);
}

static void
on_image_view_window_changed_cb (SlWindow    *self,
                                 double       center_delta,
                                 double       width_delta,
                                 SlImageView *view)
{
  SlWindowChoice choice;

  if (self->current_image == NULL)
    return;
  choice = sl_window_choices_lookup (self->window_choices, self->current_id);
  sl_window_choice_drag (&choice, self->current_image, center_delta, width_delta);
  apply_window_choice (self, &choice);
}

static void
on_review_window_changed_cb (SlWindow *self)
{
  sync_window_dropdown (self);
}

static void
on_window_dropdown_selected_cb (SlWindow *self)
{
  guint pos = gtk_drop_down_get_selected (self->window_dropdown);
  gint64 id;
  const SlImage *image = window_target (self, &id);
  SlWindowChoice choice = { SL_WINDOW_FROM_FILE, 0, 0 };
  const SlWindowLevelPreset *presets;
  guint n;

  if (image == NULL)
    return;
  presets = sl_window_level_presets_for_modality (image->modality, &n);
  if (pos == 1)
    choice.mode = SL_WINDOW_FULL_RANGE;
  else if (pos >= 2 && pos - 2 < n)
    {
      choice.mode = SL_WINDOW_FIXED;
      choice.center = presets[pos - 2].center;
      choice.width = presets[pos - 2].width;
    }
  else if (pos != 0)
    return; /* Custom: what is shown already */
  apply_window_choice (self, &choice);
}

void
sl_window_set_window_choice (SlWindow             *self,
                             const SlWindowChoice *choice)
{
  g_return_if_fail (SL_IS_WINDOW (self));
  g_return_if_fail (choice != NULL);

  apply_window_choice (self, choice);
  sync_window_dropdown (self);
}

static void
on_palette_class_activated_cb (SlWindow       *self,
                               int             index,
                               SlLabelPalette *palette)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.label", "i", index);
}

static void
on_stack_visible_child_cb (SlWindow *self)
{
  /* the image now in view may have had its window changed on the other page */
  if (_sl_window_review_visible (self))
    {
      gint64 id = sl_review_page_get_current (self->review_page);
      SlWindowChoice choice = sl_window_choices_lookup (self->window_choices, id);

      sl_review_page_set_window (self->review_page, &choice);
    }
  else if (self->current_image != NULL)
    render_current (self);
  _sl_window_update_inspector (self);
  sync_window_dropdown (self);
}

static void
on_review_current_changed_cb (SlWindow *self)
{
  if (!_sl_window_review_visible (self))
    return;
  _sl_window_update_inspector (self);
  sync_window_dropdown (self);
}

void
_sl_window_inspector_init (SlWindow *self)
{
  self->window_choices = sl_window_choices_new ();
  sl_review_page_set_window_choices (self->review_page, self->window_choices);
  g_signal_connect_swapped (self->window_dropdown, "notify::selected",
                            G_CALLBACK (on_window_dropdown_selected_cb), self);
  g_signal_connect_swapped (self->image_view, "pixel-hovered",
                            G_CALLBACK (on_image_view_pixel_hovered_cb), self);
  g_signal_connect_swapped (self->image_view, "window-changed",
                            G_CALLBACK (on_image_view_window_changed_cb), self);
  g_signal_connect_swapped (self->palette, "class-activated",
                            G_CALLBACK (on_palette_class_activated_cb), self);
  g_signal_connect_swapped (self->stack, "notify::visible-child",
                            G_CALLBACK (on_stack_visible_child_cb), self);
  g_signal_connect_swapped (self->review_page, "current-changed",
                            G_CALLBACK (on_review_current_changed_cb), self);
  g_signal_connect_swapped (self->review_page, "window-changed",
                            G_CALLBACK (on_review_window_changed_cb), self);
}
