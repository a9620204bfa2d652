/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-triage-view.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "sl-heatmap-texture.h"
#include "sl-image-view.h"
#include "sl-settings.h"
#include "sl-status-text.h"
#include "sl-thumbnail-cache.h"
#include "sl-watcher.h"

#define SETTINGS_THRESHOLD "triage-threshold"
#define SETTINGS_CLASS     "triage-class"
#define DEFAULT_THRESHOLD  0.9
#define WATCH_TIMEOUT_S    10

struct _SlTriageView
{
  GtkWidget parent_instance;

  GtkWidget *pacs_button;
  GtkWidget *folder_button;
  GtkWidget *stop_button;
  GtkDropDown *class_dropdown;
  GtkSpinButton *threshold_spin;
  GtkLabel *status_label;
  GtkListBox *arrival_list;
  SlImageView *image_view;
  GtkLabel *detail_label;

  SlWorkspace *workspace;
  GCancellable *cancellable;    /* the running watch, NULL when stopped */
  char **class_names;           /* the watched model's */
  int n_classes;
};

G_DEFINE_FINAL_TYPE (SlTriageView, sl_triage_view, GTK_TYPE_WIDGET)

enum { ALERT, PACS_WANTED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* One listed image. */
typedef struct
{
  gint64 image_id;
  int best;
  float *probs;
  double latency_ms;
} Arrival;

static void
arrival_free (Arrival *arrival)
{
  g_free (arrival->probs);
  g_free (arrival);
}

static Arrival *
row_arrival (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "arrival");
}

static int
chosen_class (SlTriageView *self)
{
  guint k = gtk_drop_down_get_selected (self->class_dropdown);

  return k != GTK_INVALID_LIST_POSITION && (int) k < self->n_classes ? (int) k : 0;
}

/* The list */

static void
label_row (SlTriageView  *self,
           GtkListBoxRow *row)
{
  Arrival *arrival = row_arrival (row);
  GtkLabel *probability = g_object_get_data (G_OBJECT (row), "probability");
  int k = chosen_class (self);
  g_autofree char *text = g_strdup_printf (_("%s %.0f%%"), self->class_names[k],
                                           100.0 * arrival->probs[k]);

  /* at or above the threshold: marked */
  sl_status_text_set (probability, text,
                      arrival->probs[k] >= gtk_spin_button_get_value (self->threshold_spin));
}

static void
label_rows (SlTriageView *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->arrival_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && row_arrival (GTK_LIST_BOX_ROW (row)) != NULL)
      label_row (self, GTK_LIST_BOX_ROW (row));
}

static int
compare_rows (GtkListBoxRow *a,
              GtkListBoxRow *b,
              gpointer       user_data)
{
  SlTriageView *self = user_data;
  Arrival *x = row_arrival (a), *y = row_arrival (b);
  int k = chosen_class (self);

  if (x->probs[k] != y->probs[k])
    return x->probs[k] > y->probs[k] ? -1 : 1;
  return x->image_id < y->image_id ? -1 : x->image_id > y->image_id;
}

static GtkWidget *
arrival_row (SlTriageView *self,
             Arrival      *arrival)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *name = g_strdup_printf (_("Image %lld"), (long long) arrival->image_id);
  g_autofree char *latency = g_strdup_printf (_("%.0f ms"), arrival->latency_ms);
  GtkWidget *name_label = gtk_label_new (name);
  GtkWidget *probability = gtk_label_new (NULL);
  GtkWidget *latency_label = gtk_label_new (latency);

  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_widget_set_hexpand (probability, TRUE);
  gtk_label_set_xalign (GTK_LABEL (probability), 0);
  gtk_widget_add_css_class (latency_label, "dim-label");
  gtk_widget_add_css_class (latency_label, "numeric");
  gtk_box_append (GTK_BOX (box), name_label);
  gtk_box_append (GTK_BOX (box), probability);
  gtk_box_append (GTK_BOX (box), latency_label);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "arrival", arrival, (GDestroyNotify) arrival_free);
  g_object_set_data (G_OBJECT (row), "probability", probability);
  label_row (self, GTK_LIST_BOX_ROW (row));
  return row;
}

static void
clear_list (SlTriageView *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->arrival_list))) != NULL)
    gtk_list_box_remove (self->arrival_list, row);
  sl_image_view_set_texture (self->image_view, NULL);
  sl_image_view_set_heatmap (self->image_view, NULL);
  gtk_label_set_label (self->detail_label, "");
}

/* An arrival at or above the threshold: ::alert and a desktop notification (when the session
 * has a notification service to send it to). */
static void
alert (SlTriageView *self,
       Arrival      *arrival)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root))
                                             : NULL;
  int k = chosen_class (self);

  g_signal_emit (self, signals[ALERT], 0, arrival->image_id);
  if (app != NULL && g_application_get_dbus_connection (G_APPLICATION (app)) != NULL)
    {
      g_autoptr(GNotification) notification = g_notification_new (_("High-probability image"));
      g_autofree char *body = g_strdup_printf (_("Image %lld: %s %.0f%%"),
                                               (long long) arrival->image_id,
                                               self->class_names[k], 100.0 * arrival->probs[k]);

      g_notification_set_body (notification, body);
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
      g_application_send_notification (G_APPLICATION (app), "triage-alert", notification);
    }
}

static void
add_arrival (SlTriageView *self,
             Arrival      *arrival)
{
  SlCatalog *catalog = sl_workspace_get_catalog (self->workspace);
  double threshold = gtk_spin_button_get_value (self->threshold_spin);
  gboolean high = arrival->probs[chosen_class (self)] >= threshold;

  gtk_list_box_append (self->arrival_list, arrival_row (self, arrival));
  if (catalog != NULL)
    sl_catalog_images_changed (catalog);
  if (high)
    alert (self, arrival);
}

/* Showing one */

static void
show_image (SlTriageView *self,
            gint64        image_id)
{
  SlCatalog *catalog = sl_workspace_get_catalog (self->workspace);
  SlModel *model = sl_workspace_get_model (self->workspace);
  g_autoptr(SlImage) image = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) heat_texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *probs = NULL, *heat = NULL;
  g_autofree char *detail = NULL;
  double center, width;
  int w, h, best = 0, n;

  if (catalog == NULL || model == NULL)
    return;
  n = sl_model_get_n_classes (model);
  sl_model_get_input_size (model, &w, &h);
  probs = g_new0 (float, n);
  heat = g_new0 (float, (gsize) w * h);
  if ((image = sl_catalog_load_image (catalog, image_id, &error)) == NULL
      || !sl_model_predict (model, image, probs, heat, &error))
    {
      gtk_label_set_label (self->detail_label, error->message);
      sl_image_view_set_texture (self->image_view, NULL);
      sl_image_view_set_heatmap (self->image_view, NULL);
      return;
    }
  for (int k = 1; k < n; k++)
    if (probs[k] > probs[best])
      best = k;
  sl_image_default_window (image, &center, &width);
  texture = sl_texture_from_image (image, 0, center, width);
  heat_texture = sl_heatmap_texture_new (heat, w, h, image->width, image->height);
  sl_image_view_set_texture (self->image_view, texture);
  sl_image_view_set_heatmap (self->image_view, heat_texture);
  sl_image_view_set_heatmap_visible (self->image_view, TRUE);
  detail = g_strdup_printf (_("Image %lld: %s, %.0f%%"), (long long) image_id,
                            sl_model_get_class_name (model, best), 100.0 * probs[best]);
  gtk_label_set_label (self->detail_label, detail);
}

static void
on_arrival_list_row_selected_cb (SlTriageView  *self,
                                 GtkListBoxRow *row)
{
  if (row != NULL)
    show_image (self, row_arrival (row)->image_id);
}

/* Watching, on a worker thread */

typedef struct
{
  SlTriageView *view;           /* a reference, let go on the main context */
  GCancellable *cancellable;
  GMainContext *main_context;
  char *catalog_path;
  gint64 model_id;
  int n_classes;
  SlPacsConnection *connection; /* or */
  char *folder;
} Watch;

static void
watch_free (Watch *watch)
{
  g_object_unref (watch->view);
  g_object_unref (watch->cancellable);
  g_main_context_unref (watch->main_context);
  g_free (watch->catalog_path);
  sl_pacs_connection_free (watch->connection);
  g_free (watch->folder);
  g_free (watch);
}

/* Something for the main context: an arrival or a notice. */
typedef struct
{
  SlTriageView *view;
  GCancellable *cancellable;
  Arrival *arrival;
  char *notice;
} Delivery;

static void
delivery_free (Delivery *delivery)
{
  g_object_unref (delivery->view);
  g_object_unref (delivery->cancellable);
  g_clear_pointer (&delivery->arrival, arrival_free);
  g_free (delivery->notice);
  g_free (delivery);
}

static gboolean
deliver_cb (gpointer user_data)
{
  Delivery *delivery = user_data;
  SlTriageView *self = delivery->view;

  /* stale: a stopped watch */
  if (self->cancellable != delivery->cancellable
      || g_cancellable_is_cancelled (delivery->cancellable))
    return G_SOURCE_REMOVE;
  if (delivery->arrival != NULL)
    add_arrival (self, g_steal_pointer (&delivery->arrival));
  if (delivery->notice != NULL)
    sl_status_text_set (self->status_label, delivery->notice, FALSE);
  return G_SOURCE_REMOVE;
}

static void
deliver (Watch   *watch,
         Arrival *arrival,
         char    *notice)
{
  Delivery *delivery = g_new0 (Delivery, 1);

  delivery->view = g_object_ref (watch->view);
  delivery->cancellable = g_object_ref (watch->cancellable);
  delivery->arrival = arrival;
  delivery->notice = notice;
  g_main_context_invoke_full (watch->main_context, G_PRIORITY_DEFAULT, deliver_cb, delivery,
                              (GDestroyNotify) delivery_free);
}

static void
on_prediction (const SlWatchPrediction *prediction,
               gpointer                 user_data)
{
  Watch *watch = user_data;
  Arrival *arrival = g_new0 (Arrival, 1);

  arrival->image_id = prediction->image_id;
  arrival->best = prediction->class_index;
  arrival->probs = g_memdup2 (prediction->probs, sizeof (float) * watch->n_classes);
  arrival->latency_ms = prediction->latency_ms;
  deliver (watch, arrival, NULL);
}

static void
on_notice (const char *message,
           gpointer    user_data)
{
  deliver (user_data, NULL, g_strdup (message));
}

static gboolean
watch_run (Watch         *watch,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlModel) model = NULL;
  g_autoptr(SlDicomweb) web = NULL;
  g_autoptr(SlWatcher) watcher = NULL;

  if ((catalog = sl_catalog_open (watch->catalog_path, error)) == NULL
      || (model = sl_model_load_from_catalog (catalog, watch->model_id, error)) == NULL)
    return FALSE;
  for (int k = 0; k < sl_model_get_n_classes (model); k++)
    if (sl_catalog_ensure_class (catalog, sl_model_get_class_name (model, k), error) == 0)
      return FALSE;
  if (watch->connection != NULL)
    {
      if ((web = sl_pacs_connection_open (watch->connection, error)) == NULL)
        return FALSE;
      /* the watcher waits out a server that went away; no retries inside one request */
      sl_dicomweb_set_retries (web, 1, 0);
      sl_dicomweb_set_timeout (web, WATCH_TIMEOUT_S);
      watcher = sl_watcher_new_pacs (catalog, model, watch->model_id, web);
    }
  else
    watcher = sl_watcher_new_folder (catalog, model, watch->model_id, watch->folder);
  sl_watcher_set_funcs (watcher, on_prediction, on_notice, watch);
  deliver (watch, NULL, g_strdup (_("Watching: new images appear here as they arrive")));
  return sl_watcher_run (watcher, 0, cancellable, error);
}

static void
watch_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GMainContext *context = g_main_context_new ();
  GError *error = NULL;
  gboolean ok;

  g_main_context_push_thread_default (context);
  ok = watch_run (task_data, cancellable, &error);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
update_buttons (SlTriageView *self)
{
  gboolean watching = self->cancellable != NULL;

  gtk_widget_set_sensitive (self->pacs_button, !watching);
  gtk_widget_set_sensitive (self->folder_button, !watching);
  gtk_widget_set_sensitive (self->stop_button, watching);
}

static void
watch_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SlTriageView *self = SL_TRIAGE_VIEW (source);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  if (cancellable != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  update_buttons (self);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Watching stopped: %s"), error->message);

      sl_status_text_set (self->status_label, text, TRUE);
    }
  else
    sl_status_text_set (self->status_label, _("Not watching"), FALSE);
}

static void
start (SlTriageView           *self,
       const SlPacsConnection *connection,
       const char             *folder)
{
  SlCatalog *catalog = self->workspace != NULL ? sl_workspace_get_catalog (self->workspace) : NULL;
  SlModel *model = self->workspace != NULL ? sl_workspace_get_model (self->workspace) : NULL;
  g_autoptr(GTask) task = NULL;
  Watch *watch;

  if (self->cancellable != NULL)
    return;
  if (catalog == NULL || model == NULL)
    {
      sl_status_text_set (self->status_label, _("Choose a model in the sidebar to triage with"), TRUE);
      return;
    }
  clear_list (self);
  self->cancellable = g_cancellable_new ();
  watch = g_new0 (Watch, 1);
  watch->view = g_object_ref (self);
  watch->cancellable = g_object_ref (self->cancellable);
  watch->main_context = g_main_context_ref_thread_default ();
  watch->catalog_path = g_strdup (sl_catalog_get_path (catalog));
  watch->model_id = sl_workspace_get_model_id (self->workspace);
  watch->n_classes = sl_model_get_n_classes (model);
  watch->connection = connection != NULL ? sl_pacs_connection_copy (connection) : NULL;
  watch->folder = g_strdup (folder);
  task = g_task_new (self, self->cancellable, watch_done_cb, NULL);
  g_task_set_source_tag (task, start);
  g_task_set_task_data (task, watch, (GDestroyNotify) watch_free);
  sl_status_text_set (self->status_label, _("Starting…"), FALSE);
  update_buttons (self);
  g_task_run_in_thread (task, watch_thread);
}

void
sl_triage_view_watch_pacs (SlTriageView           *self,
                           const SlPacsConnection *connection)
{
  g_return_if_fail (SL_IS_TRIAGE_VIEW (self));
  g_return_if_fail (connection != NULL);
  start (self, connection, NULL);
}

void
sl_triage_view_watch_folder (SlTriageView *self,
                             const char   *folder)
{
  g_return_if_fail (SL_IS_TRIAGE_VIEW (self));
  g_return_if_fail (folder != NULL);
  start (self, NULL, folder);
}

void
sl_triage_view_stop (SlTriageView *self)
{
  g_return_if_fail (SL_IS_TRIAGE_VIEW (self));
  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  update_buttons (self);
  sl_status_text_set (self->status_label, _("Not watching"), FALSE);
}

gboolean
sl_triage_view_is_watching (SlTriageView *self)
{
  g_return_val_if_fail (SL_IS_TRIAGE_VIEW (self), FALSE);
  return self->cancellable != NULL;
}

GArray *
sl_triage_view_dup_image_ids (SlTriageView *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (SL_IS_TRIAGE_VIEW (self), ids);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->arrival_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && row_arrival (GTK_LIST_BOX_ROW (row)) != NULL)
      g_array_append_val (ids, row_arrival (GTK_LIST_BOX_ROW (row))->image_id);
  return ids;
}

double
sl_triage_view_get_probability (SlTriageView *self,
                                gint64        image_id)
{
  g_return_val_if_fail (SL_IS_TRIAGE_VIEW (self), -1);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->arrival_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      Arrival *arrival = GTK_IS_LIST_BOX_ROW (row) ? row_arrival (GTK_LIST_BOX_ROW (row)) : NULL;

      if (arrival != NULL && arrival->image_id == image_id)
        return arrival->probs[chosen_class (self)];
    }
  return -1;
}

/* The model and the settings */

static void
fill_classes (SlTriageView *self)
{
  SlModel *model = self->workspace != NULL ? sl_workspace_get_model (self->workspace) : NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *remembered = sl_settings_get_string (SETTINGS_CLASS);
  int chosen;

  g_clear_pointer (&self->class_names, g_strfreev);
  self->n_classes = model != NULL ? sl_model_get_n_classes (model) : 0;
  self->class_names = g_new0 (char *, self->n_classes + 1);
  /* by default the last class: the finding of a normal/finding model */
  chosen = self->n_classes - 1;
  for (int k = 0; k < self->n_classes; k++)
    {
      self->class_names[k] = g_strdup (sl_model_get_class_name (model, k));
      gtk_string_list_append (names, self->class_names[k]);
      if (g_strcmp0 (remembered, self->class_names[k]) == 0)
        chosen = k;
    }
  gtk_drop_down_set_model (self->class_dropdown, G_LIST_MODEL (names));
  if (chosen >= 0)
    gtk_drop_down_set_selected (self->class_dropdown, chosen);
  gtk_widget_set_sensitive (GTK_WIDGET (self->class_dropdown), self->n_classes > 0);
}

static void
on_workspace_changed_cb (SlTriageView *self)
{
  sl_triage_view_stop (self);
  clear_list (self);
  fill_classes (self);
}

static void
on_class_dropdown_selected_cb (SlTriageView *self)
{
  int k = chosen_class (self);

  if (self->n_classes == 0)
    return;
  sl_settings_set_string (SETTINGS_CLASS, self->class_names[k]);
  label_rows (self);
  gtk_list_box_invalidate_sort (self->arrival_list);
}

static void
on_threshold_spin_value_changed_cb (SlTriageView *self)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (text, sizeof text, gtk_spin_button_get_value (self->threshold_spin));
  sl_settings_set_string (SETTINGS_THRESHOLD, text);
  label_rows (self);
}

static void
folder_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  SlTriageView    *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT
      && (folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL
      && (path = g_file_get_path (folder)) != NULL)
    sl_triage_view_watch_folder (self, path);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
on_folder_button_clicked_cb (SlTriageView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Watch a Folder"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Watch"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (folder_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_pacs_button_clicked_cb (SlTriageView *self)
{
  g_signal_emit (self, signals[PACS_WANTED], 0);
}

static void
on_stop_button_clicked_cb (SlTriageView *self)
{
  sl_triage_view_stop (self);
}

static void
sl_triage_view_dispose (GObject *object)
{
  SlTriageView *self = SL_TRIAGE_VIEW (object);
  GtkWidget *child;

  sl_triage_view_stop (self);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_clear_object (&self->workspace);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_TRIAGE_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sl_triage_view_parent_class)->dispose (object);
}

static void
sl_triage_view_finalize (GObject *object)
{
  SlTriageView *self = SL_TRIAGE_VIEW (object);

  g_strfreev (self->class_names);
  G_OBJECT_CLASS (sl_triage_view_parent_class)->finalize (object);
}

static void
sl_triage_view_class_init (SlTriageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_triage_view_dispose;
  object_class->finalize = sl_triage_view_finalize;
  /* ::alert(image_id): an arrival at or above the threshold for the chosen class. */
  signals[ALERT] = g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* ::pacs-wanted: "Watch PACS" was clicked; the owner knows the connection and calls
   * sl_triage_view_watch_pacs(). */
  signals[PACS_WANTED] = g_signal_new ("pacs-wanted", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  g_type_ensure (SL_TYPE_IMAGE_VIEW);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/ui/sl-triage-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlTriageView, pacs_button);
  gtk_widget_class_bind_template_child (widget_class, SlTriageView, folder_button);
  gtk_widget_class_bind_template_child (widget_class, SlTriageView, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SlTriageView, class_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlTriageView, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, SlTriageView, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlTriageView, arrival_list);
  gtk_widget_class_bind_template_child (widget_class, SlTriageView, image_view);
  gtk_widget_class_bind_template_child (widget_class, SlTriageView, detail_label);
  gtk_widget_class_bind_template_callback (widget_class, on_arrival_list_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_class_dropdown_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_threshold_spin_value_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_folder_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_pacs_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_button_clicked_cb);
}

static void
sl_triage_view_init (SlTriageView *self)
{
  g_autofree char *threshold = sl_settings_get_string (SETTINGS_THRESHOLD);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_sort_func (self->arrival_list, compare_rows, self, NULL);
  /* the stored value, without storing it again */
  g_signal_handlers_block_by_func (self->threshold_spin, on_threshold_spin_value_changed_cb,
                                   self);
  gtk_spin_button_set_value (self->threshold_spin,
                             threshold != NULL ? g_ascii_strtod (threshold, NULL)
                                               : DEFAULT_THRESHOLD);
  g_signal_handlers_unblock_by_func (self->threshold_spin, on_threshold_spin_value_changed_cb,
                                     self);
  fill_classes (self);
  update_buttons (self);
}

void
sl_triage_view_set_workspace (SlTriageView *self,
                              SlWorkspace  *workspace)
{
  g_return_if_fail (SL_IS_TRIAGE_VIEW (self));
  g_return_if_fail (SL_IS_WORKSPACE (workspace));
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_set_object (&self->workspace, workspace);
  g_signal_connect_swapped (workspace, "notify::catalog", G_CALLBACK (on_workspace_changed_cb),
                            self);
  g_signal_connect_swapped (workspace, "notify::model-id", G_CALLBACK (on_workspace_changed_cb),
                            self);
  on_workspace_changed_cb (self);
}
