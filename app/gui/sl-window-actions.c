/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The win.* actions (labelling, undo/redo through the workspace, moving, views, splits, classes,
 * import and catalog choosers), the labelling keys, and the annotator dialog. */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-class-dialog.h"
#include "sl-settings.h"
#include "sl-catalog-readers.h"
#include "sl-window-private.h"

/* Labelling */

static void
store_label (SlWindow      *self,
             gint64         image_id,
             gint64         class_id,
             SlLabelSource  source)
{
  SlCatalog *catalog = sl_window_get_catalog (self);
  const char *annotator = sl_workspace_get_annotator (self->workspace);
  g_autoptr(GError) error = NULL;

  if (image_id <= 0 || class_id <= 0)
    return;
  if (_sl_window_adjudicating (self))
    {
      if (!sl_catalog_adjudicate (catalog, image_id, class_id, annotator, &error))
        sl_window_show_error (self, _("Could not store the adjudication"), error->message);
      else if (!sl_browse_view_refresh (self->browse_view, &error))   /* it left the queue */
        sl_window_set_status (self, error->message);
      return;
    }
  /* Nothing to store only when both the training label and the reader's own label already
   * have this class (other readers may have given it). In the review queue a confirmed label
   * is stored too: the history then shows the image was reviewed (and the queue leaves it out
   * next time). */
  if (sl_catalog_get_label (catalog, image_id) != class_id
      || sl_catalog_get_reader_label (catalog, image_id, annotator) != class_id
      || _sl_window_review_visible (self))
    {
      g_autofree char *message = NULL;

      if (!sl_workspace_label (self->workspace, image_id, class_id, source, &error))
        {
          sl_window_show_error (self, _("Could not store the label"), error->message);
          return;
        }
      /* TRANSLATORS: a label change, "Image 5300 → normal" */
      message = g_strdup_printf (_("Image %lld → %s"), (long long) image_id,
                                 sl_class_table_get_name (self->classes, class_id));
      _sl_window_toast (self, message, _("_Undo"), "win.undo");
    }
  _sl_window_move (self, 1);
  /* moving refreshed the inspector, unless this was the last image */
  if (sl_window_get_current_image (self) == image_id)
    _sl_window_update_inspector (self);
}

static void
on_replace_response_cb (GtkDialog *dialog,
                        int        response,
                        SlWindow  *self)
{
  gint64 image_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "image-id"));
  gint64 class_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "class-id"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    store_label (self, image_id, class_id, SL_LABEL_SOURCE_SUGGESTION);
}

/* Accepting a suggestion never replaces a label silently: a person's label is kept unless they
 * say otherwise. */
static void
ask_replace (SlWindow *self,
             gint64    image_id,
             gint64    current,
             gint64    suggested)
{
  const char *current_name = sl_class_table_get_name (self->classes, current);
  const char *suggested_name = sl_class_table_get_name (self->classes, suggested);
  GtkWidget *dialog, *keep;

  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Replace the label of image %lld?"), (long long) image_id);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("It is labeled “%s”; the model suggests “%s”."),
                                            current_name, suggested_name);
  keep = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Keep the Label"), GTK_RESPONSE_CANCEL);
  gtk_widget_add_css_class (gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Replace"),
                                                   GTK_RESPONSE_ACCEPT),
                            "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  gtk_widget_grab_focus (keep);
  g_object_set_data (G_OBJECT (dialog), "image-id", GSIZE_TO_POINTER ((gsize) image_id));
  g_object_set_data (G_OBJECT (dialog), "class-id", GSIZE_TO_POINTER ((gsize) suggested));
  g_signal_connect (dialog, "response", G_CALLBACK (on_replace_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Labels the current image with the class at index (of the class table), asking first for the
 * annotator's name, and before a suggestion replaces another label. A class key given to a
 * selection of several images in the grid labels them all. */
static void
request_label (SlWindow      *self,
               int            index,
               SlLabelSource  source)
{
  gint64 image_id = sl_window_get_current_image (self);
  g_autoptr(GArray) targets = NULL;
  gint64 class_id, current;

  if (self->classes == NULL || sl_class_table_get_n_classes (self->classes) == 0)
    {
      _sl_window_toast (self, _("No classes yet: add one to label with the number keys"),
                        _("_Add Class"), "win.add-class");
      return;
    }
  if (index < 0 || (guint) index >= sl_class_table_get_n_classes (self->classes))
    return;
  if (image_id <= 0)
    {
      _sl_window_toast (self, _("No image selected"), NULL, NULL);
      return;
    }
  if (_sl_window_refuse_while_changing (self))
    return;
  if (sl_workspace_get_annotator (self->workspace) == NULL)
    {
      self->pending_label = index;
      self->pending_source = source;
      _sl_window_ask_annotator (self);
      return;
    }
  class_id = sl_class_table_get (self->classes, index)->id;
  targets = source == SL_LABEL_SOURCE_HUMAN ? _sl_window_bulk_targets (self) : NULL;
  if (targets != NULL)
    {
      _sl_window_bulk_label (self, targets, class_id);
      return;
    }
  current = sl_catalog_get_label (sl_window_get_catalog (self), image_id);
  if (source == SL_LABEL_SOURCE_SUGGESTION && current != 0 && current != class_id)
    ask_replace (self, image_id, current, class_id);
  else
    store_label (self, image_id, class_id, source);
}

static void
label_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  request_label (SL_WINDOW (widget), g_variant_get_int32 (parameter), SL_LABEL_SOURCE_HUMAN);
}

static void
accept_suggestion_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);
  int suggested = sl_label_palette_get_suggested (self->palette);

  if (suggested >= 0)
    request_label (self, suggested, SL_LABEL_SOURCE_SUGGESTION);
  else
    _sl_window_toast (self, _("No suggestion for this image: choose a model in the sidebar"),
                      NULL, NULL);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);
  SlJob *job;

  if (_sl_window_refuse_while_changing (self))
    return;
  job = g_str_equal (action_name, "win.redo") ? sl_workspace_redo (self->workspace)
                                              : sl_workspace_undo (self->workspace);
  if (job != NULL)
    _sl_window_run_change (self, job, 0);
}

/* Moving, views */

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _sl_window_move (SL_WINDOW (widget), g_str_equal (action_name, "win.next") ? 1 : -1);
}

static void
toggle_heatmap_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  sl_review_page_toggle_heatmap (SL_WINDOW (widget)->review_page);
}

static void
toggle_pane_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);
  GtkToggleButton *toggle = g_str_equal (action_name, "win.toggle-sidebar") ? self->sidebar_toggle
                                                                            : self->inspector_toggle;

  gtk_toggle_button_set_active (toggle, !gtk_toggle_button_get_active (toggle));
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  gtk_stack_set_visible_child_name (SL_WINDOW (widget)->stack, g_variant_get_string (parameter, NULL));
}

/* Catalog contents */

static void
make_splits_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  _sl_window_ask_splits (SL_WINDOW (widget));
}

static void
add_class_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);

  if (sl_window_get_catalog (self) != NULL)
    sl_class_dialog_show (GTK_WINDOW (self), sl_window_get_catalog (self), NULL,
                          sl_class_table_get_n_classes (self->classes), _sl_window_classes_edited, self);
}

/* The annotator dialog */

void
sl_window_set_annotator (SlWindow   *self,
                         const char *annotator)
{
  g_return_if_fail (SL_IS_WINDOW (self));
  sl_workspace_set_annotator (self->workspace,
                              annotator != NULL && *annotator != '\0' ? annotator : NULL);
  _sl_window_apply_blind (self);
  _sl_window_update_inspector (self);
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
      if (self->pending_label >= 0)
        request_label (self, self->pending_label, self->pending_source);
    }
  self->pending_label = -1;
  gtk_window_destroy (GTK_WINDOW (dialog));
}

void
_sl_window_ask_annotator (SlWindow *self)
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

/* Keys: number keys label, Delete clears, H toggles the heatmap. Bubble phase, so text entries get
 * them first. */

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
  /* a digit with no class to give: say so instead of doing nothing */
  if (((keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9) || (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9))
      && (self->classes == NULL || sl_class_table_get_n_classes (self->classes) == 0))
    {
      request_label (self, 0, SL_LABEL_SOURCE_HUMAN);
      return TRUE;
    }
  switch (keyval)
    {
    case GDK_KEY_h:
    case GDK_KEY_H:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toggle-heatmap", NULL);
      return TRUE;
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
    case GDK_KEY_BackSpace:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.clear-label", NULL);
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
on_browse_view_activate_cb (SlWindow     *self,
                            guint         position,
                            SlBrowseView *view)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.accept-suggestion", NULL);
}

/* Choosers */

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

  if (!_sl_window_can_import (SL_WINDOW (widget)))
    return;
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
        _sl_window_open_path (self, path);
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
  _sl_window_open_path (SL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

void
_sl_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.label", "i", label_action);
  gtk_widget_class_install_action (widget_class, "win.accept-suggestion", NULL,
                                   accept_suggestion_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.next", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "win.previous", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-heatmap", NULL,
                                   toggle_heatmap_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_pane_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-inspector", NULL, toggle_pane_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, 0, "win.toggle-inspector", NULL);
  gtk_widget_class_install_action (widget_class, "win.make-splits", NULL, make_splits_action);
  gtk_widget_class_install_action (widget_class, "win.add-class", NULL, add_class_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-files", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.open-catalog", NULL, catalog_action);
  gtk_widget_class_install_action (widget_class, "win.new-catalog", NULL, catalog_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  _sl_window_class_bulk_init (widget_class);
}

void
_sl_window_actions_init (SlWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  g_autofree char *annotator = sl_settings_get_string (SL_SETTINGS_ANNOTATOR);

  self->pending_label = -1;
  sl_window_set_annotator (self, annotator);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect_swapped (self->browse_view, "activate",
                            G_CALLBACK (on_browse_view_activate_cb), self);
  _sl_window_bulk_init (self);
}
