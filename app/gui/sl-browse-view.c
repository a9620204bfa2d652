/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "sl-browse-view.h"
#include "sl-image-cell.h"
#include "sl-image-item.h"
#include "sl-image-list.h"

#define CELL_SIZE 112
#define MAX_COLUMNS 16

struct _SlBrowseView
{
  GtkWidget parent_instance;

  GtkScrolledWindow *scrolled_window;
  GtkGridView *grid;
  GtkWidget *placeholder;     /* shown over the empty grid */
  GtkSelectionModel *model;
  SlThumbnailCache *cache;
  SlClassTable *table;
  SlCatalog *catalog;         /* of the model's image list, for labels-changed */
  GHashTable *pending;        /* image id -> GCancellable of its thumbnail request */
  guint request_idle;         /* the request pass, after the frame that bound cells */
};

G_DEFINE_FINAL_TYPE (SlBrowseView, sl_browse_view, GTK_TYPE_WIDGET)

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
  const char *label_name = NULL;
  int label_index = -1;

  if (self->table != NULL)
    {
      label_color = sl_class_table_get_color (self->table, class_id);
      label_index = sl_class_table_index_of (self->table, class_id);
      label_name = sl_class_table_get_name (self->table, class_id);
      predicted_id = sl_class_table_model_class_id (self->table, predicted);
      prediction_color = predicted >= 0 ? sl_class_table_get_color (self->table, predicted_id)
                                        : NULL;
    }
  sl_image_cell_set_marks (cell, label_color, prediction_color,
                           prediction_color != NULL && class_id > 0 && class_id != predicted_id);
  sl_image_cell_set_badge (cell, label_index >= 0 && label_index < 9 ? label_index + 1 : 0,
                           label_name != NULL ? g_unichar_toupper (g_utf8_get_char (label_name))
                                              : 0);
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
  SlImageItem *item = sl_image_cell_get_item (SL_IMAGE_CELL (cell));
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

/* The bound cells: the grid's children are item widgets holding one cell each. */
#define FOR_EACH_BOUND_CELL(self, cell) \
  for (GtkWidget *_child = gtk_widget_get_first_child (GTK_WIDGET ((self)->grid)); _child != NULL; \
       _child = gtk_widget_get_next_sibling (_child)) \
    for (SlImageCell *cell = SL_IS_IMAGE_CELL (gtk_widget_get_first_child (_child)) \
                             ? SL_IMAGE_CELL (gtk_widget_get_first_child (_child)) : NULL; \
         cell != NULL && sl_image_cell_get_item (cell) != NULL; cell = NULL)

typedef struct
{
  SlBrowseView *self;
  gint64 image_id;
} Request;

static void schedule_requests (SlBrowseView *self);

static void
on_thumbnail_loaded_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(SlBrowseView) self = request->self;
  gint64 id = request->image_id;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  g_free (request);
  /* the cache keeps it: the next pass gives it to the cell */
  texture = sl_thumbnail_cache_load_finish (SL_THUMBNAIL_CACHE (source), result, &error);
  if (self->pending == NULL ||   /* disposed */
      (texture == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    return;
  if (texture == NULL)
    g_warning ("Could not load a thumbnail: %s", error->message);
  g_hash_table_remove (self->pending, &id);
  if (texture != NULL)
    schedule_requests (self);
}

static void
request_thumbnail (SlBrowseView *self,
                   gint64        image_id)
{
  GCancellable *cancellable = g_cancellable_new ();
  Request *request = g_new (Request, 1);
  GCancellable *old = g_hash_table_lookup (self->pending, &image_id);

  if (old != NULL)
    g_cancellable_cancel (old);
  request->self = g_object_ref (self);
  request->image_id = image_id;
  g_hash_table_insert (self->pending, g_memdup2 (&image_id, sizeof image_id), cancellable);
  sl_thumbnail_cache_load_async (self->cache, image_id, cancellable, on_thumbnail_loaded_cb, request);
}

/* Whether the cell's item widget shows in the scrolled window's viewport. */
static gboolean
on_screen (SlBrowseView *self,
           SlImageCell  *cell,
           double        top,
           double        bottom)
{
  graphene_rect_t bounds;

  if (!gtk_widget_compute_bounds (GTK_WIDGET (cell), GTK_WIDGET (self->scrolled_window), &bounds))
    return FALSE;
  return bounds.origin.y + bounds.size.height > top && bounds.origin.y < bottom;
}

/* Once the grid settled (after the frame), and after a scroll or a finished thumbnail: gives
 * the on-screen cells the cache's thumbnails, asks for the missing ones and cancels the
 * requests of images no longer on screen. Binding itself requests nothing: GTK 4.8's grid
 * binds and unbinds hundreds of items on a jump. */
static gboolean
request_thumbnails_idle (gpointer data)
{
  SlBrowseView *self = data;
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  double height = gtk_widget_get_height (GTK_WIDGET (self->scrolled_window));
  GHashTableIter iter;
  gpointer key, value;

  self->request_idle = 0;
  if (self->cache == NULL)
    return G_SOURCE_REMOVE;
  FOR_EACH_BOUND_CELL (self, cell)
    {
      gint64 id = sl_image_cell_get_image_id (cell);
      GdkTexture *texture;

      if (!on_screen (self, cell, 0, height))
        continue;
      /* a cell keeps a thumbnail the cache dropped (a new window) until the new one comes */
      texture = sl_thumbnail_cache_lookup (self->cache, id);
      if (texture != NULL)
        {
          sl_image_cell_set_texture (cell, texture);
          continue;
        }
      g_hash_table_add (wanted, g_memdup2 (&id, sizeof id));
      if (!g_hash_table_contains (self->pending, &id))
        request_thumbnail (self, id);
    }
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (wanted, key))
      {
        g_cancellable_cancel (value);
        g_hash_table_iter_remove (&iter);
      }
  return G_SOURCE_REMOVE;
}

static void
schedule_requests (SlBrowseView *self)
{
  if (self->request_idle == 0 && self->pending != NULL)
    self->request_idle = g_idle_add (request_thumbnails_idle, self);
}

static void
on_labels_changed_cb (SlBrowseView *self,
                      gint64        image_id)
{
  FOR_EACH_BOUND_CELL (self, cell)
    if (sl_image_cell_get_image_id (cell) == image_id)
      update_cell (self, cell, sl_image_cell_get_item (cell));
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          SlBrowseView             *self)
{
  GtkWidget *cell = sl_image_cell_new (CELL_SIZE);

  /* its own size, centred: the grid widens its tiles to fill the row */
  gtk_widget_set_halign (cell, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (cell, GTK_ALIGN_CENTER);
  gtk_widget_set_has_tooltip (cell, TRUE);
  g_signal_connect (cell, "query-tooltip", G_CALLBACK (on_cell_query_tooltip_cb), self);
  gtk_list_item_set_child (list_item, cell);
}

/* Cheap: field stores, a hash lookup for the cached thumbnail, at most one queued draw. */
static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         SlBrowseView             *self)
{
  SlImageCell *cell = SL_IMAGE_CELL (gtk_list_item_get_child (list_item));
  SlImageItem *item = gtk_list_item_get_item (list_item);
  GdkTexture *texture = NULL;

  sl_image_cell_set_item (cell, item);
  update_cell (self, cell, item);
  if (self->cache != NULL)
    texture = sl_thumbnail_cache_lookup (self->cache, sl_image_item_get_id (item));
  sl_image_cell_set_texture (cell, texture);
  if (texture == NULL)
    schedule_requests (self);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           SlBrowseView             *self)
{
  sl_image_cell_set_item (SL_IMAGE_CELL (gtk_list_item_get_child (list_item)), NULL);
}

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
  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  g_clear_object (&self->catalog);
  g_clear_handle_id (&self->request_idle, g_source_remove);
  if (self->pending != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->pending);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_cancellable_cancel (value);
      g_clear_pointer (&self->pending, g_hash_table_unref);
    }
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

  self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  self->grid = GTK_GRID_VIEW (gtk_grid_view_new (NULL, factory));
  /* GTK 4.8 keeps 30 rows × max-columns item widgets and rebinds them all on a jump: a bound
   * near the real column count (a 1900 px wide grid of 112 px cells) keeps jumps cheap. */
  gtk_grid_view_set_max_columns (self->grid, MAX_COLUMNS);
  gtk_grid_view_set_enable_rubberband (self->grid, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->grid), "thumbnails");
  g_signal_connect (self->grid, "activate", G_CALLBACK (on_grid_activate_cb), self);
  self->scrolled_window = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scrolled_window, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (self->scrolled_window, GTK_WIDGET (self->grid));
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled_window),
                           "value-changed", G_CALLBACK (schedule_requests), self, G_CONNECT_SWAPPED);
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

void
sl_browse_view_set_model (SlBrowseView      *self,
                          GtkSelectionModel *model)
{
  g_return_if_fail (SL_IS_BROWSE_VIEW (self));

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  g_clear_object (&self->catalog);
  if (GTK_IS_SINGLE_SELECTION (model) &&
      SL_IS_IMAGE_LIST (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model))))
    {
      SlImageList *list = SL_IMAGE_LIST (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model)));

      /* after the list's own handler, which updates the item */
      self->catalog = g_object_ref (sl_image_list_get_catalog (list));
      g_signal_connect_swapped (self->catalog, "labels-changed", G_CALLBACK (on_labels_changed_cb),
                                self);
    }
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
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (SL_IS_BROWSE_VIEW (self));

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_cancellable_cancel (value);
  g_hash_table_remove_all (self->pending);
  g_set_object (&self->cache, cache);
}

void
sl_browse_view_set_class_table (SlBrowseView *self,
                                SlClassTable *table)
{
  g_return_if_fail (SL_IS_BROWSE_VIEW (self));

  g_clear_pointer (&self->table, sl_class_table_unref);
  if (table != NULL)
    self->table = sl_class_table_ref (table);
  FOR_EACH_BOUND_CELL (self, cell)
    update_cell (self, cell, sl_image_cell_get_item (cell));
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
  GtkWidget *focus;

  g_return_if_fail (SL_IS_BROWSE_VIEW (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL ||
      (focus != GTK_WIDGET (self->grid) && !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->grid))))
    return;
  FOR_EACH_BOUND_CELL (self, cell)
    if (sl_image_cell_get_image_id (cell) == image_id)
      {
        gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (cell)));
        return;
      }
}
