/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "sl-browse-view.h"
#include "sl-image-cell.h"
#include "sl-image-item.h"

#define CELL_SIZE 112

struct _SlBrowseView
{
  GtkWidget parent_instance;

  GtkScrolledWindow *scrolled_window;
  GtkGridView *grid;
  GtkWidget *placeholder;     /* shown over the empty grid */
  GtkSelectionModel *model;
  SlThumbnailCache *cache;
  SlClassTable *table;
};

G_DEFINE_FINAL_TYPE (SlBrowseView, sl_browse_view, GTK_TYPE_WIDGET)
static gint64 t_ours; static int n_calls;
static void report_t (void) { g_printerr ("ours %.1f ms in %d calls\n", t_ours / 1000.0, n_calls); }

enum {
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_cell (SlBrowseView *self,
             SlImageCell  *cell,
             SlImageItem  *item)
{
  gint64 class_id = sl_image_item_get_class_id (item);
  int predicted = sl_image_item_get_predicted (item);
  gint64 predicted_id = 0;
  const GdkRGBA *label_color = NULL, *prediction_color = NULL;

  if (self->table != NULL)
    {
      label_color = sl_class_table_get_color (self->table, class_id);
      predicted_id = sl_class_table_model_class_id (self->table, predicted);
      prediction_color = predicted >= 0 ? sl_class_table_get_color (self->table, predicted_id)
                                        : NULL;
    }
  sl_image_cell_set_label (cell, label_color);
  sl_image_cell_set_prediction (cell, prediction_color,
                                prediction_color != NULL && class_id > 0 && class_id != predicted_id);
}

/* Tooltips are computed when asked for: setting one at bind costs a pointer query round trip
 * to the X server in GTK 4.8. */
static gboolean
on_cell_query_tooltip_cb (GtkWidget    *cell,
                          int           x,
                          int           y,
                          gboolean      keyboard,
                          GtkTooltip   *tooltip,
                          SlBrowseView *self)
{
  SlImageItem *item = g_object_get_data (G_OBJECT (cell), "sl-item");
  const char *label_name;
  g_autofree char *text = NULL;
  int predicted;

  if (item == NULL || self->table == NULL)
    return FALSE;
  label_name = sl_class_table_get_name (self->table, sl_image_item_get_class_id (item));
  predicted = sl_image_item_get_predicted (item);
  if (predicted >= 0)
    text = g_strdup_printf (_("Image %lld · %s · predicted %s (%.0f%%)"),
                            (long long) sl_image_item_get_id (item),
                            label_name != NULL ? label_name : _("unlabeled"),
                            sl_class_table_get_name (self->table,
                                                     sl_class_table_model_class_id (self->table, predicted)),
                            100 * sl_image_item_get_confidence (item));
  else
    text = g_strdup_printf (_("Image %lld · %s"), (long long) sl_image_item_get_id (item),
                            label_name != NULL ? label_name : _("unlabeled"));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
on_item_notify_cb (SlImageItem *item,
                   GParamSpec  *pspec,
                   SlImageCell *cell)
{
  SlBrowseView *self = SL_BROWSE_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (cell),
                                                                SL_TYPE_BROWSE_VIEW));

  if (self != NULL)
    update_cell (self, cell, item);
}

static void
on_thumbnail_loaded_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(SlImageCell) cell = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  texture = sl_thumbnail_cache_load_finish (SL_THUMBNAIL_CACHE (source), result, &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load a thumbnail: %s", error->message);
      return;
    }
  sl_image_cell_set_texture (cell, texture);
}

static void
request_thumbnail (SlBrowseView *self,
                   SlImageCell  *cell)
{
  if (self->cache == NULL)
    return;
  sl_image_cell_reset_cancellable (cell);
  sl_thumbnail_cache_load_async (self->cache, sl_image_cell_get_image_id (cell),
                                 sl_image_cell_get_cancellable (cell), on_thumbnail_loaded_cb,
                                 g_object_ref (cell));
}

static void
setup_cb_real (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          SlBrowseView             *self)
{
  GtkWidget *cell = sl_image_cell_new (CELL_SIZE);

  gtk_widget_set_has_tooltip (cell, TRUE);
  g_signal_connect (cell, "query-tooltip", G_CALLBACK (on_cell_query_tooltip_cb), self);
  gtk_list_item_set_child (list_item, cell);
}

static void
bind_cb_real (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         SlBrowseView             *self)
{
  SlImageCell *cell = SL_IMAGE_CELL (gtk_list_item_get_child (list_item));
  SlImageItem *item = gtk_list_item_get_item (list_item);
  gint64 id = sl_image_item_get_id (item);
  GdkTexture *texture = NULL;

  sl_image_cell_set_image_id (cell, id);
  g_object_set_data (G_OBJECT (cell), "sl-item", item);
  update_cell (self, cell, item);
  g_signal_connect_object (item, "notify", G_CALLBACK (on_item_notify_cb), cell, 0);
  if (self->cache != NULL)
    texture = sl_thumbnail_cache_lookup (self->cache, id);
  sl_image_cell_set_texture (cell, texture);
  if (texture == NULL)
    request_thumbnail (self, cell);
}

static void
unbind_cb_real (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           SlBrowseView             *self)
{
  SlImageCell *cell = SL_IMAGE_CELL (gtk_list_item_get_child (list_item));
  SlImageItem *item = gtk_list_item_get_item (list_item);
  GCancellable *cancellable = sl_image_cell_get_cancellable (cell);

  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
  g_signal_handlers_disconnect_by_func (item, on_item_notify_cb, cell);
  g_object_set_data (G_OBJECT (cell), "sl-item", NULL);
}

#define WRAP(name) static void name (GtkSignalListItemFactory *f, GtkListItem *li, SlBrowseView *self) \
  { gint64 t0 = g_get_monotonic_time (); name##_real (f, li, self); t_ours += g_get_monotonic_time () - t0; \
    if (++n_calls % 500 == 0) report_t (); }
WRAP (setup_cb)
WRAP (bind_cb)
WRAP (unbind_cb)

static void
on_grid_activate_cb (GtkGridView  *grid,
                     guint         position,
                     SlBrowseView *self)
{
  g_signal_emit (self, signals[ACTIVATE], 0, position);
}

static void
sl_browse_view_dispose (GObject *object)
{
  SlBrowseView *self = SL_BROWSE_VIEW (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_pointer (&self->placeholder, gtk_widget_unparent);
  if (self->scrolled_window != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->scrolled_window));
      self->scrolled_window = NULL;
    }
  g_clear_object (&self->cache);
  g_clear_pointer (&self->table, sl_class_table_unref);
  G_OBJECT_CLASS (sl_browse_view_parent_class)->dispose (object);
}

static void
sl_browse_view_class_init (SlBrowseViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_browse_view_dispose;

  /**
   * SlBrowseView::activate:
   * An item was activated (double click or Enter).
   */
  signals[ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "slbrowseview");
}

static void
sl_browse_view_init (SlBrowseView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  self->grid = GTK_GRID_VIEW (gtk_grid_view_new (NULL, factory));
  gtk_grid_view_set_max_columns (self->grid, 64);
  gtk_grid_view_set_enable_rubberband (self->grid, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->grid), "thumbnails");
  g_signal_connect (self->grid, "activate", G_CALLBACK (on_grid_activate_cb), self);
  self->scrolled_window = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scrolled_window, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (self->scrolled_window, GTK_WIDGET (self->grid));
  gtk_widget_set_parent (GTK_WIDGET (self->scrolled_window), GTK_WIDGET (self));

  self->placeholder = gtk_label_new (_("No images to show.\nImport folders (Ctrl+I), drop them "
                                       "here, or change the filters."));
  gtk_label_set_justify (GTK_LABEL (self->placeholder), GTK_JUSTIFY_CENTER);
  gtk_label_set_wrap (GTK_LABEL (self->placeholder), TRUE);
  gtk_widget_set_can_target (self->placeholder, FALSE);
  gtk_widget_add_css_class (self->placeholder, "dim-label");
  gtk_widget_set_parent (self->placeholder, GTK_WIDGET (self));
}

static void
on_model_items_changed_cb (GListModel   *model,
                           guint         position,
                           guint         removed,
                           guint         added,
                           SlBrowseView *self)
{
  gtk_widget_set_visible (self->placeholder, g_list_model_get_n_items (model) == 0);
}

GtkWidget *
sl_browse_view_new (void)
{
  return g_object_new (SL_TYPE_BROWSE_VIEW, NULL);
}

void
sl_browse_view_set_model (SlBrowseView      *self,
                          GtkSelectionModel *model)
{
  g_return_if_fail (SL_IS_BROWSE_VIEW (self));

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  gtk_grid_view_set_model (self->grid, model);
  if (model != NULL)
    g_signal_connect (model, "items-changed", G_CALLBACK (on_model_items_changed_cb), self);
  gtk_widget_set_visible (self->placeholder,
                          model == NULL || g_list_model_get_n_items (G_LIST_MODEL (model)) == 0);
}

void
sl_browse_view_set_cache (SlBrowseView     *self,
                          SlThumbnailCache *cache)
{
  g_return_if_fail (SL_IS_BROWSE_VIEW (self));
  g_set_object (&self->cache, cache);
}

void
sl_browse_view_set_class_table (SlBrowseView *self,
                                SlClassTable *table)
{
  GtkWidget *child;

  g_return_if_fail (SL_IS_BROWSE_VIEW (self));

  g_clear_pointer (&self->table, sl_class_table_unref);
  if (table != NULL)
    self->table = sl_class_table_ref (table);
  /* Recolour the bound cells; the grid's children are item widgets holding one cell each. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->grid)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *cell = gtk_widget_get_first_child (child);
      SlImageItem *item = cell != NULL ? g_object_get_data (G_OBJECT (cell), "sl-item") : NULL;

      if (SL_IS_IMAGE_CELL (cell) && item != NULL)
        update_cell (self, SL_IMAGE_CELL (cell), item);
    }
}

void
sl_browse_view_reload_thumbnails (SlBrowseView *self)
{
  GtkWidget *child;

  g_return_if_fail (SL_IS_BROWSE_VIEW (self));

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->grid)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *cell = gtk_widget_get_first_child (child);

      /* the old thumbnail stays until the new one arrives */
      if (SL_IS_IMAGE_CELL (cell) && g_object_get_data (G_OBJECT (cell), "sl-item") != NULL)
        request_thumbnail (self, SL_IMAGE_CELL (cell));
    }
}

GtkGridView *
sl_browse_view_get_grid (SlBrowseView *self)
{
  g_return_val_if_fail (SL_IS_BROWSE_VIEW (self), NULL);
  return self->grid;
}

GtkScrolledWindow *
sl_browse_view_get_scrolled_window (SlBrowseView *self)
{
  g_return_val_if_fail (SL_IS_BROWSE_VIEW (self), NULL);
  return self->scrolled_window;
}

void
sl_browse_view_scroll_to (SlBrowseView *self,
                          guint         position)
{
  g_return_if_fail (SL_IS_BROWSE_VIEW (self));
  gtk_widget_activate_action (GTK_WIDGET (self->grid), "list.scroll-to-item", "u", position);
}

void
sl_browse_view_focus_image (SlBrowseView *self,
                            gint64        image_id)
{
  GtkRoot *root;
  GtkWidget *focus, *child;

  g_return_if_fail (SL_IS_BROWSE_VIEW (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL ||
      (focus != GTK_WIDGET (self->grid) && !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->grid))))
    return;
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->grid)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *cell = gtk_widget_get_first_child (child);

      if (SL_IS_IMAGE_CELL (cell) && sl_image_cell_get_image_id (SL_IMAGE_CELL (cell)) == image_id &&
          g_object_get_data (G_OBJECT (cell), "sl-item") != NULL)
        {
          gtk_widget_grab_focus (child);
          return;
        }
    }
}
