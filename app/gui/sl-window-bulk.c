/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Work on many images at once: the grid's selection labelled, cleared or put in a split with one
 * key or menu item and one undo, the "N selected" status, the grid's context menu, Ctrl+F search
 * and Ctrl+G jump to an image id. */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-catalog-readers.h"
#include "sl-window-private.h"

/* The images an action applies to: the grid's selection on the browse page, else the current
 * image (none: an empty array). */
static GArray *
action_targets (SlWindow *self)
{
  GArray *ids;
  gint64 current;

  if (!_sl_window_review_visible (self))
    {
      ids = sl_browse_view_get_selected_ids (self->browse_view);
      if (ids->len > 0)
        return ids;
      g_array_unref (ids);
    }
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  current = sl_window_get_current_image (self);
  if (current > 0)
    g_array_append_val (ids, current);
  return ids;
}

GArray *
_sl_window_bulk_targets (SlWindow *self)
{
  if (_sl_window_review_visible (self) || sl_browse_view_get_n_selected (self->browse_view) < 2)
    return NULL;
  return sl_browse_view_get_selected_ids (self->browse_view);
}

/* "12 images → normal", or "Image 5300 → normal" for one. */
static char *
describe_change (GArray     *images,
                 const char *target)
{
  if (images->len == 1)
    return g_strdup_printf (_("Image %lld → %s"),
                            (long long) g_array_index (images, SlImageChange, 0).image_id, target);
  /* TRANSLATORS: a change of many images, "12 images → normal" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image → %s", "%u images → %s",
                                       images->len),
                          images->len, target);
}

static const char *
split_title (SlSplit split)
{
  switch (split)
    {
    case SL_SPLIT_TRAIN: return _("Train");
    case SL_SPLIT_VAL: return _("Validation");
    case SL_SPLIT_TEST: return _("Test");
    case SL_SPLIT_NONE:
    default: return _("no split");
    }
}

/* Asked first above this many images: a stray key after Ctrl+A would relabel a whole set. */
#define CONFIRM_ABOVE 250

typedef struct
{
  GWeakRef window;            /* a closed window only lets the change end */
  guint n_asked;              /* images the change was asked for */
  gint64 first_id;            /* the first of them */
  gint64 target;              /* the class (0: unlabeled) or the split asked for */
} ChangeRequest;

static void
change_request_free (gpointer  data,
                     GClosure *closure)
{
  ChangeRequest *request = data;

  g_weak_ref_clear (&request->window);
  g_free (request);
}

static const char *
target_name (SlWindow     *self,
             SlChangeKind  kind,
             gint64        target)
{
  if (kind == SL_CHANGE_SPLITS)
    return split_title ((SlSplit) target);
  return target > 0 ? sl_class_table_get_name (self->classes, target) : _("unlabeled");
}

/* A new change stored: the toast says what changed, with Undo. */
static void
show_new_change (SlWindow      *self,
                 SlChangeJob   *job,
                 ChangeRequest *request)
{
  GArray *images = sl_change_job_get_images (job);
  SlChangeKind kind = sl_change_job_get_kind (job);
  const char *name = target_name (self, kind, request->target);
  g_autofree char *message = NULL;

  if (images->len == 0)
    {
      message = request->n_asked == 1 ? g_strdup_printf (_("Image %lld is already %s"),
                                                         (long long) request->first_id, name)
                                      : g_strdup_printf (_("All %u images are already %s"),
                                                         request->n_asked, name);
      _sl_window_toast (self, message, NULL, NULL);
      return;
    }
  message = describe_change (images, name);
  _sl_window_toast (self, message, _("_Undo"), "win.undo");
}

/* An undo or redo stored: back to its image, or a toast counting them. */
static void
show_step (SlWindow    *self,
           SlChangeJob *job)
{
  gboolean redo = sl_change_job_get_step (job) == SL_CHANGE_REDO;
  GArray *images = sl_change_job_get_images (job);
  g_autofree char *message = NULL;

  if (images->len > 1)
    /* TRANSLATORS: an undone or redone change of many images, "Undone: 12 images" */
    message = g_strdup_printf (redo ? g_dngettext (GETTEXT_PACKAGE, "Redone: %u image",
                                                   "Redone: %u images", images->len)
                                    : g_dngettext (GETTEXT_PACKAGE, "Undone: %u image",
                                                   "Undone: %u images", images->len),
                               images->len);
  else if (!_sl_window_review_visible (self))
    sl_window_select_image (self, g_array_index (images, SlImageChange, 0).image_id);
  _sl_window_toast (self, message != NULL ? message : redo ? _("Redone") : _("Undone"),
                    redo ? _("_Undo") : _("_Redo"), redo ? "win.undo" : "win.redo");
}

static void
on_change_completed_cb (SlChangeJob   *job,
                        const GError  *error,
                        ChangeRequest *request)
{
  g_autoptr(SlWindow) self = g_weak_ref_get (&request->window);

  if (self == NULL)
    return;
  if (error != NULL)
    {
      sl_window_show_error (self, sl_change_job_get_kind (job) == SL_CHANGE_LABELS
                                  ? _("Could not store the labels")
                                  : _("Could not change the split"),
                            error->message);
      return;
    }
  if (sl_change_job_get_kind (job) == SL_CHANGE_SPLITS)
    _sl_window_splits_changed (self);
  else
    _sl_window_update_inspector (self);
  if (sl_change_job_get_step (job) == SL_CHANGE_NEW)
    show_new_change (self, job, request);
  else
    show_step (self, job);
}

void
_sl_window_run_change (SlWindow *self,
                       SlJob    *job,
                       gint64    target)
{
  ChangeRequest *request = g_new (ChangeRequest, 1);
  GArray *images = sl_change_job_get_images (SL_CHANGE_JOB (job));

  g_weak_ref_init (&request->window, self);
  request->n_asked = images->len;
  request->first_id = images->len > 0 ? g_array_index (images, SlImageChange, 0).image_id : 0;
  request->target = target;
  g_signal_connect_data (job, "completed", G_CALLBACK (on_change_completed_cb), request,
                         change_request_free, 0);
  /* one image at once: the next key acts on it */
  if (images->len > 1)
    sl_workspace_run_job (self->workspace, job);
  else
    sl_job_run (job, NULL);
  g_object_unref (job);
}

gboolean
_sl_window_refuse_while_changing (SlWindow *self)
{
  if (!sl_workspace_is_changing (self->workspace))
    return FALSE;
  _sl_window_toast (self, _("Still storing the last change: try again in a moment"), NULL, NULL);
  return TRUE;
}

/* The same rules as labelling one image: no row when the training label and the annotator's own
 * label already say class_id; adjudication goes one image at a time. */
static void
store_labels (SlWindow *self,
              GArray   *ids,
              gint64    class_id)
{
  if (_sl_window_adjudicating (self))
    {
      _sl_window_toast (self, _("Adjudicate one image at a time"), NULL, NULL);
      return;
    }
  if (_sl_window_refuse_while_changing (self))
    return;
  _sl_window_run_change (self, sl_workspace_label_images (self->workspace, (gint64 *) ids->data,
                                                          ids->len, class_id,
                                                          SL_LABEL_SOURCE_HUMAN),
                         class_id);
}

typedef struct
{
  SlWindow *window;
  GArray *ids;
  gint64 class_id;
} PendingLabels;

static void
pending_labels_free (gpointer data,
                     GClosure *closure)
{
  PendingLabels *pending = data;

  g_array_unref (pending->ids);
  g_free (pending);
}

static void
on_confirm_response_cb (GtkDialog     *dialog,
                        int            response,
                        PendingLabels *pending)
{
  SlWindow *self = pending->window;
  g_autoptr(GArray) ids = g_array_ref (pending->ids);
  gint64 class_id = pending->class_id;

  gtk_window_destroy (GTK_WINDOW (dialog));   /* frees pending */
  if (response == GTK_RESPONSE_ACCEPT)
    store_labels (self, ids, class_id);
}

void
_sl_window_bulk_label (SlWindow *self,
                       GArray   *ids,
                       gint64    class_id)
{
  PendingLabels *pending;
  GtkWidget *dialog, *cancel;
  g_autofree char *button = NULL;

  if (ids->len <= CONFIRM_ABOVE || _sl_window_adjudicating (self))
    {
      store_labels (self, ids, class_id);
      return;
    }
  if (class_id > 0)
    {
      dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                       GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                       GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                       _("Label %u images as “%s”?"), ids->len,
                                       sl_class_table_get_name (self->classes, class_id));
      button = g_strdup_printf (_("_Label %u Images"), ids->len);
    }
  else
    {
      dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                       GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                       GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                       _("Clear the labels of %u images?"), ids->len);
      button = g_strdup_printf (_("_Clear %u Labels"), ids->len);
    }
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("Every selected image changes; one Undo "
                                              "restores them all."));
  cancel = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  gtk_dialog_add_button (GTK_DIALOG (dialog), button, GTK_RESPONSE_ACCEPT);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  gtk_widget_grab_focus (cancel);
  pending = g_new (PendingLabels, 1);
  pending->window = self;
  pending->ids = g_array_ref (ids);
  pending->class_id = class_id;
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_confirm_response_cb), pending,
                         pending_labels_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Splits changed (a bulk change, its undo): counts, the list under a split filter, the
 * inspector. */
void
_sl_window_splits_changed (SlWindow *self)
{
  g_autoptr(GError) error = NULL;

  _sl_window_reload_counts (self);
  if (sl_image_list_get_filter (self->images)->split != SL_SPLIT_NONE
      && !sl_browse_view_refresh (self->browse_view, &error))
    sl_window_show_error (self, _("Could not list the images"), error->message);
  _sl_window_update_inspector (self);
}

static void
clear_label_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);
  g_autoptr(GArray) ids = action_targets (self);

  if (ids->len == 0)
    _sl_window_toast (self, _("No image selected"), NULL, NULL);
  else if (sl_workspace_get_annotator (self->workspace) == NULL)
    _sl_window_ask_annotator (self);
  else
    _sl_window_bulk_label (self, ids, 0);
}

static void
set_split_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);
  SlSplit split = sl_split_from_string (g_variant_get_string (parameter, NULL));
  g_autoptr(GArray) ids = action_targets (self);

  if (ids->len == 0)
    _sl_window_toast (self, _("No image selected"), NULL, NULL);
  else if (!_sl_window_refuse_while_changing (self))
    _sl_window_run_change (self, sl_workspace_set_splits (self->workspace, (gint64 *) ids->data,
                                                          ids->len, split),
                           split);
}

/* Selecting, searching and jumping happen in the Browse view: shows it; FALSE with no catalog. */
static gboolean
show_browse (SlWindow *self)
{
  if (sl_window_get_catalog (self) == NULL)
    return FALSE;
  gtk_stack_set_visible_child_name (self->stack, "browse");
  return TRUE;
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);

  if (show_browse (self))
    sl_browse_view_select_all (self->browse_view);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);

  if (show_browse (self))
    sl_search_bar_open (sl_browse_view_get_search_bar (self->browse_view));
}

/* Jump to an image id */

static void
on_jump_requested_cb (SlWindow     *self,
                      const char   *text,
                      SlBrowseView *view)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  const char *digits = stripped[0] == '#' ? stripped + 1 : stripped;
  g_autofree char *message = NULL;
  g_autoptr(SlImageInfo) info = NULL;
  gint64 id;

  if (!g_ascii_string_to_signed (digits, 10, 1, G_MAXINT64, &id, NULL))
    {
      message = g_strdup_printf (_("“%s” is not an image id: type the image's number"), stripped);
      _sl_window_toast (self, message, NULL, NULL);
      return;
    }
  if (sl_window_select_image (self, id))
    {
      sl_browse_view_hide_jump (view);
      gtk_widget_grab_focus (GTK_WIDGET (sl_browse_view_get_grid (view)));
      sl_browse_view_focus_image (view, id);
      return;
    }
  info = sl_catalog_get_image_info (sl_window_get_catalog (self), id, NULL);
  if (info == NULL)
    message = g_strdup_printf (_("No image with id %lld in this catalog"), (long long) id);
  else
    message = g_strdup_printf (_("Image %lld is hidden by the filters or the search"),
                               (long long) id);
  _sl_window_toast (self, message, NULL, NULL);
}

static void
jump_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);

  if (show_browse (self))
    sl_browse_view_show_jump (self->browse_view);
}

/* The selection */

static void
on_n_selected_cb (SlWindow     *self,
                  GParamSpec   *pspec,
                  SlBrowseView *view)
{
  guint n = sl_browse_view_get_n_selected (view);
  g_autofree char *text = NULL;

  if (n < 2)
    {
      if (self->showing_selected)
        sl_window_set_status (self, "");
      self->showing_selected = FALSE;
      return;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected", "%u selected", n), n);
  sl_window_set_status (self, text);
  self->showing_selected = TRUE;
}

static GMenuModel *
build_context_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) splits = g_menu_new ();
  g_autoptr(GMenu) others = g_menu_new ();

  g_menu_append (splits, _("Move to _Train"), "win.set-split::train");
  g_menu_append (splits, _("Move to _Validation"), "win.set-split::val");
  g_menu_append (splits, _("Move to T_est"), "win.set-split::test");
  g_menu_append (splits, _("_Remove from Split"), "win.set-split::none");
  g_menu_append (others, _("_Clear Label"), "win.clear-label");
  g_menu_append (others, _("Select _All"), "win.select-all");
  g_menu_append (others, _("_Find…"), "win.search");
  g_menu_append (others, _("_Go to Image…"), "win.jump");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (splits));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (others));
  return G_MENU_MODEL (menu);
}

void
_sl_window_class_bulk_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.clear-label", NULL, clear_label_action);
  gtk_widget_class_install_action (widget_class, "win.set-split", "s", set_split_action);
  gtk_widget_class_install_action (widget_class, "win.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.jump", NULL, jump_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK,
                                       "win.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.jump",
                                       NULL);
}

void
_sl_window_bulk_init (SlWindow *self)
{
  g_autoptr(GMenuModel) menu = build_context_menu ();

  sl_browse_view_set_context_menu (self->browse_view, menu);
  g_signal_connect_swapped (self->browse_view, "notify::n-selected",
                            G_CALLBACK (on_n_selected_cb), self);
  g_signal_connect_swapped (self->browse_view, "jump-requested",
                            G_CALLBACK (on_jump_requested_cb), self);
}
