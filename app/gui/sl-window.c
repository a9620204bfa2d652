/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window itself: its workspace, the catalog it opens, the model it shows, the current image
 * and the pages; the other parts are listed in sl-window-private.h. */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-export-actions.h"
#include "sl-image-item.h"
#include "sl-model-load-job.h"
#include "sl-settings.h"
#include "sl-window-private.h"

#define THUMBNAIL_SIZE 128
#define THUMBNAIL_CAPACITY 4096

G_DEFINE_FINAL_TYPE (SlWindow, sl_window, GTK_TYPE_APPLICATION_WINDOW)

gboolean
_sl_window_review_visible (SlWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "review") == 0;
}

void
sl_window_set_status (SlWindow   *self,
                      const char *text)
{
  g_return_if_fail (SL_IS_WINDOW (self));
  sl_status_bar_set_text (self->status_bar, text);
}

void
_sl_window_toast (SlWindow   *self,
                  const char *message,
                  const char *button_label,
                  const char *action_name)
{
  sl_toast_show (self->toast, message, button_label, action_name, NULL);
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

/* Models */

/* Shows the workspace's model: its classes, predictions, review queue and metrics. */
void
_sl_window_show_model (SlWindow *self)
{
  SlCatalog *catalog = sl_window_get_catalog (self);
  gint64 model_id = sl_workspace_get_model_id (self->workspace);
  SlModel *model = sl_workspace_get_model (self->workspace);

  _sl_window_rebuild_classes (self);
  sl_image_list_set_model (self->images, model_id,
                           model != NULL ? sl_model_get_n_classes (model) : 0);
  sl_browse_view_set_class_table (self->browse_view, self->classes);
  sl_review_page_set_context (self->review_page, catalog, model_id, self->classes);
  sl_metrics_page_set_context (self->metrics_page, catalog, model_id, self->classes);
  gtk_widget_set_sensitive (GTK_WIDGET (self->predicted_dropdown), model_id != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->disagreement_check), model_id != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->uncertain_check), model_id != 0);
  _sl_window_apply_blind (self);
  _sl_window_apply_filters (self);
  _sl_window_update_inspector (self);
}

gint64
sl_window_get_model_id (SlWindow *self)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), 0);
  return sl_workspace_get_model_id (self->workspace);
}

/* Loads the model as a job run here: the caller sees it at once. */
void
sl_window_set_model_id (SlWindow *self,
                        gint64    model_id)
{
  g_autoptr(GError) error = NULL;
  SlModel *model = NULL;

  g_return_if_fail (SL_IS_WINDOW (self));
  g_return_if_fail (sl_window_get_catalog (self) != NULL);

  if (model_id != 0)
    {
      const char *path = sl_catalog_get_path (sl_window_get_catalog (self));
      g_autoptr(SlJob) job = sl_model_load_job_new (path, model_id);

      if (sl_job_run (job, &error))
        model = sl_model_load_job_steal_model (job);
      else
        {
          sl_window_set_status (self, error->message);
          model_id = 0;
        }
    }
  sl_workspace_set_model (self->workspace, model_id, model);
  _sl_window_fill_model_dropdown (self);
  _sl_window_show_model (self);
}

static void
on_trained_model_loaded_cb (SlJob        *job,
                            const GError *error,
                            SlWindow     *self)
{
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sl_window_show_error (self, _("Could not load the new model"), error->message);
      return;
    }
  /* the workspace took it, unless another catalog was opened meanwhile */
  if (sl_workspace_get_model_id (self->workspace) != sl_model_load_job_get_model_id (job))
    return;
  _sl_window_fill_model_dropdown (self);
  _sl_window_show_model (self);
  _sl_window_toast (self, _("Training finished: the new model's predictions are shown"), NULL,
                    NULL);
}

/* The new model is loaded as a job: building the network takes tens of milliseconds, and the
 * user may be scrolling meanwhile. */
static void
on_model_trained_cb (SlWindow    *self,
                     gint64       model_id,
                     SlTrainPage *page)
{
  SlJob *job = sl_workspace_load_model (self->workspace, model_id);

  g_signal_connect_object (job, "completed", G_CALLBACK (on_trained_model_loaded_cb), self, 0);
}

/* The current image */

gint64
sl_window_get_current_image (SlWindow *self)
{
  SlImageItem *item;

  g_return_val_if_fail (SL_IS_WINDOW (self), 0);

  if (_sl_window_review_visible (self))
    return sl_review_page_get_current (self->review_page);
  if (self->selection == NULL)
    return 0;
  item = gtk_single_selection_get_selected_item (self->selection);
  return item != NULL ? sl_image_item_get_id (item) : 0;
}

void
_sl_window_select_position (SlWindow *self,
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
  _sl_window_select_position (self, position);
  return TRUE;
}

void
_sl_window_move (SlWindow *self,
                 int       delta)
{
  guint position;

  if (_sl_window_review_visible (self))
    {
      sl_review_page_move (self->review_page, delta);
      return;
    }
  position = gtk_single_selection_get_selected (self->selection);
  if (position == GTK_INVALID_LIST_POSITION)
    _sl_window_select_position (self, 0);
  else if (delta > 0 || position > 0)
    _sl_window_select_position (self, position + delta);
}

gboolean
sl_window_is_busy (SlWindow *self)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), FALSE);
  return sl_workspace_is_busy (self->workspace);
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
 * warning saying what is wrong. The check reads the whole file (about 0.4 s CPU for 100,000
 * images), so it runs on a worker's own connection. */
static void
check_catalog_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  g_autoptr(SlCatalog) catalog = NULL;
  GError *error = NULL;

  catalog = sl_catalog_open (task_data, &error);
  if (catalog == NULL || !sl_catalog_require_healthy (catalog, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_catalog_checked_cb (GObject      *source_object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  SlWindow *self = SL_WINDOW (source_object);
  g_autoptr(GError) error = NULL;
  SlCatalog *catalog = self->workspace != NULL ? sl_window_get_catalog (self) : NULL;

  /* the window may have closed, or opened another catalog, meanwhile */
  if (!g_task_propagate_boolean (G_TASK (result), &error) && catalog != NULL
      && g_strcmp0 (sl_catalog_get_path (catalog), g_task_get_task_data (G_TASK (result))) == 0)
    sl_window_show_error (self, _("This catalog fails its check"), error->message);
}

static void
warn_if_unhealthy (SlWindow  *self,
                   SlCatalog *catalog)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_catalog_checked_cb, NULL);

  g_task_set_task_data (task, g_strdup (sl_catalog_get_path (catalog)), g_free);
  g_task_run_in_thread (task, check_catalog_thread);
}

/* Without a catalog the window shows only the welcome page: no pages, filters or Import that
 * could not work. */
static void
update_welcome (SlWindow *self)
{
  gboolean open = sl_window_get_catalog (self) != NULL;

  gtk_stack_set_visible_child_name (self->content_stack, open ? "catalog" : "welcome");
  gtk_widget_set_visible (self->switcher, open);
  gtk_widget_set_visible (self->import_button, open);
}

gboolean
sl_window_open_catalog (SlWindow    *self,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(SlCatalog) previous = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autofree char *base = NULL;
  g_autofree char *title = NULL;
  SlCatalog *catalog;

  g_return_val_if_fail (SL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  g_set_object (&previous, sl_window_get_catalog (self));
  if (!sl_workspace_open_catalog (self->workspace, path, error))
    {
      update_welcome (self);
      return FALSE;
    }
  catalog = sl_window_get_catalog (self);
  sl_catalog_checkpoint_on_worker (catalog);
  if (previous != NULL)
    g_signal_handlers_disconnect_by_data (previous, self);
  if (self->import_job != NULL)
    sl_job_cancel (SL_JOB (self->import_job));
  g_clear_object (&self->import_job);

  g_clear_object (&self->thumbnails);
  self->thumbnails = sl_thumbnail_cache_new (sl_catalog_get_path (catalog), THUMBNAIL_SIZE,
                                             THUMBNAIL_CAPACITY);
  g_hash_table_remove_all (self->window_choices);
  sl_browse_view_set_cache (self->browse_view, self->thumbnails);
  _sl_window_sidebar_set_catalog (self, catalog);
  self->current_id = 0;

  base = g_path_get_basename (path);
  if (g_str_has_suffix (base, ".sightline"))
    base[strlen (base) - strlen (".sightline")] = '\0';
  gtk_menu_button_set_label (self->catalog_button, base);
  title = g_strdup_printf (_("%s — Sightline"), base);
  gtk_window_set_title (GTK_WINDOW (self), title);

  sl_train_page_set_catalog (self->train_page, catalog);
  models = sl_catalog_list_models (catalog);
  sl_window_set_model_id (self, models->len > 0
                                ? ((SlModelInfo *) g_ptr_array_index (models, 0))->id : 0);
  _sl_window_update_count_label (self);
  _sl_window_selection_changed (self);

  update_welcome (self);
  gtk_widget_grab_focus (GTK_WIDGET (sl_browse_view_get_grid (self->browse_view)));
  sl_window_set_status (self, _("Press 1–9 to label the selected image, arrows to move, "
                                "Ctrl+Z to undo, Ctrl+? for every shortcut"));
  sl_settings_set_string (SL_SETTINGS_LAST_CATALOG, sl_catalog_get_path (catalog));
  sl_settings_add_recent (sl_catalog_get_path (catalog));
  update_recent_menu (self);
  warn_if_unhealthy (self, catalog);
  return TRUE;
}

void
_sl_window_open_path (SlWindow   *self,
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

/* A strip of thumbnails: the image view takes the rest (more than half the window at 1280 px). */
#define DEFAULT_GRID_WIDTH 160

/* The grid's width is saved once the divider rests (the settings file is written at once). */
static gboolean
save_grid_width_cb (gpointer data)
{
  SlWindow *self = data;
  g_autofree char *width = g_strdup_printf ("%d", gtk_paned_get_position (self->browse_paned));

  self->save_grid_width_id = 0;
  sl_settings_set_string (SL_SETTINGS_GRID_WIDTH, width);
  return G_SOURCE_REMOVE;
}

static void
on_browse_paned_position_cb (SlWindow *self)
{
  g_clear_handle_id (&self->save_grid_width_id, g_source_remove);
  self->save_grid_width_id = g_timeout_add (500, save_grid_width_cb, self);
}

static void
restore_grid_width (SlWindow *self)
{
  g_autofree char *width = sl_settings_get_string (SL_SETTINGS_GRID_WIDTH);
  gint64 value = DEFAULT_GRID_WIDTH;

  if (width != NULL && !g_ascii_string_to_signed (width, 10, 0, 4000, &value, NULL))
    value = DEFAULT_GRID_WIDTH;
  gtk_paned_set_position (self->browse_paned, (int) value);
  g_signal_connect_swapped (self->browse_paned, "notify::position",
                            G_CALLBACK (on_browse_paned_position_cb), self);
}

/* GObject */

static void
sl_window_dispose (GObject *object)
{
  SlWindow *self = SL_WINDOW (object);

  if (self->workspace != NULL)
    sl_workspace_cancel_jobs (self->workspace);
  if (self->browse_paned != NULL)
    g_signal_handlers_disconnect_by_func (self->browse_paned, on_browse_paned_position_cb, self);
  if (self->save_grid_width_id != 0)
    {
      g_clear_handle_id (&self->save_grid_width_id, g_source_remove);
      save_grid_width_cb (self);
    }
  g_clear_object (&self->import_job);
  _sl_window_readers_dispose (self);
  _sl_window_pacs_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->images);
  g_clear_object (&self->thumbnails);
  g_clear_pointer (&self->classes, sl_class_table_unref);
  g_clear_pointer (&self->models, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_cancellable_cancel (self->display_load);
  g_clear_object (&self->display_load);
  g_clear_handle_id (&self->full_render_id, g_source_remove);
  g_clear_pointer (&self->current_image, sl_image_free);
  g_clear_pointer (&self->current_preview, sl_image_free);
  g_clear_pointer (&self->window_choices, g_hash_table_unref);
  g_clear_object (&self->workspace);
  G_OBJECT_CLASS (sl_window_parent_class)->dispose (object);
}

static void
sl_window_finalize (GObject *object)
{
  SlWindow *self = SL_WINDOW (object);

  g_object_unref (self->exports);
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
  g_type_ensure (SL_TYPE_STATUS_BAR);
  g_type_ensure (SL_TYPE_TOAST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/ui/sl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlWindow, catalog_button);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, class_list);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, unlabeled_label);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, split_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, class_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, predicted_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, disagreement_check);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, uncertain_check);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, readers_check);
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
  gtk_widget_class_bind_template_child (widget_class, SlWindow, status_bar);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, toast);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, sidebar_toggle);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, inspector_toggle);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, switcher);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, browse_paned);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, recent_section);

  _sl_window_class_actions_init (widget_class);
  _sl_window_pacs_class_init (widget_class);
}

static SlWorkspace *
export_get_source (GtkWindow *window,
                   SlSplit   *split)
{
  SlWindow *self = SL_WINDOW (window);

  *split = sl_metrics_page_get_split (self->metrics_page);
  return self->workspace;
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
  gtk_widget_init_template (GTK_WIDGET (self));
  self->workspace = sl_workspace_new ();
  sl_status_bar_set_jobs (self->status_bar, sl_workspace_get_jobs (self->workspace));
  sl_train_page_set_workspace (self->train_page, self->workspace);
  sl_metrics_page_set_workspace (self->metrics_page, self->workspace);
  self->exports = sl_export_actions_new (GTK_WINDOW (self), &export_host);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "export", self->exports);

  _sl_window_actions_init (self);
  _sl_window_dnd_init (self);
  _sl_window_sidebar_init (self);
  _sl_window_readers_init (self);
  _sl_window_inspector_init (self);
  _sl_window_pacs_init (self);
  g_signal_connect_swapped (self->train_page, "model-trained", G_CALLBACK (on_model_trained_cb),
                            self);
  update_welcome (self);
  restore_grid_width (self);
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
  return sl_workspace_get_catalog (self->workspace);
}

SlWorkspace *
sl_window_get_workspace (SlWindow *self)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), NULL);
  return self->workspace;
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
