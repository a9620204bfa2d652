/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "sl-browse-view.h"
#include "sl-bitset-selection.h"
#include "sl-image-cell.h"
#include "sl-image-item.h"
#include "sl-image-list.h"
#include "sl-search-bar.h"

#define CELL_SIZE 112
#define MAX_COLUMNS 16    /* 1,984 px of tiles */

struct _SlBrowseView
{
  GtkWidget parent_instance;

  SlSearchBar *search_bar;
  GtkWidget *overlay;         /* the scrolled grid, the placeholder over it */
  GtkScrolledWindow *scrolled_window;
  GtkGridView *grid;
  GtkWidget *placeholder;     /* shown over the empty grid */
  GtkWidget *context_menu;    /* GtkPopoverMenu, NULL until one is set */
  GtkWidget *jump_popover;    /* "Go to image", its entry */
  GtkEditable *jump_entry;
  GtkSingleSelection *current; /* the window's: the image shown, keys act on it alone */
  SlBitsetSelection *selection; /* the grid's: the images bulk actions act on */
  SlImageList *list;          /* under both */
  gboolean syncing;           /* one selection is being set from the other */
  guint current_idle;         /* picks the current image after the selection changed */
  guint n_selected;
  SlThumbnailCache *cache;
  SlClassTable *table;
  SlCatalog *catalog;         /* of the model's image list, for labels-changed */
  GHashTable *pending;        /* image id -> GCancellable of its thumbnail request */
  guint request_idle;         /* the request pass, after the frame that bound cells */
  guint fit_idle;             /* fits the grid's max-columns to its width */
};

G_DEFINE_FINAL_TYPE (SlBrowseView, sl_browse_view, GTK_TYPE_WIDGET)

enum {
  ACTIVATE,
  JUMP_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum { PROP_0, PROP_N_SELECTED, N_PROPS };
static GParamSpec *properties[N_PROPS];

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

/* image_id 0: many labels changed */
static void
on_labels_changed_cb (SlBrowseView *self,
                      gint64        image_id)
{
  FOR_EACH_BOUND_CELL (self, cell)
    if (image_id == 0 || sl_image_cell_get_image_id (cell) == image_id)
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
sl_browse_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_N_SELECTED:
      g_value_set_uint (value, SL_BROWSE_VIEW (object)->n_selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
update_n_selected (SlBrowseView *self)
{
  guint n = 0;

  if (self->selection != NULL)
    {
      g_autoptr(GtkBitset) selected =
        gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

      n = (guint) MIN (gtk_bitset_get_size (selected), G_MAXUINT);
    }
  if (n == self->n_selected)
    return;
  self->n_selected = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
}

static void
update_placeholder (SlBrowseView *self)
{
  const char *search = sl_search_bar_get_text (self->search_bar);
  GListModel *model = self->current != NULL ? G_LIST_MODEL (self->current) : NULL;

  if (*search != '\0')
    {
      g_autofree char *text = g_strdup_printf (_("No image matches “%s”.\nPress Escape to end "
                                                 "the search."), search);

      gtk_label_set_label (GTK_LABEL (self->placeholder), text);
    }
  else
    gtk_label_set_label (GTK_LABEL (self->placeholder),
                         _("No images to show.\nImport folders (Ctrl+I), drop them here, or "
                           "change the filters."));
  gtk_widget_set_visible (self->placeholder,
                          model == NULL || g_list_model_get_n_items (model) == 0);
  if (model != NULL)
    sl_search_bar_set_count (self->search_bar, g_list_model_get_n_items (model));
}

static void
show_search_error (SlBrowseView *self,
                   const GError *error)
{
  g_autofree char *text = g_strdup_printf (_("Could not search: %s"), error->message);

  gtk_label_set_label (GTK_LABEL (self->placeholder), text);
  gtk_widget_set_visible (self->placeholder, TRUE);
}

/* The window's current image became another (a move, a jump, an undo): it alone is selected. */
static void
sync_from_current (SlBrowseView *self)
{
  guint position = gtk_single_selection_get_selected (self->current);

  if (self->syncing)
    return;
  self->syncing = TRUE;
  if (position == GTK_INVALID_LIST_POSITION)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  else
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  self->syncing = FALSE;
  update_n_selected (self);
}

/* Position of the item whose cell has the keyboard focus, G_MAXUINT when none. */
static guint
focused_position (SlBrowseView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *cell;

  while (focus != NULL && gtk_widget_get_parent (focus) != GTK_WIDGET (self->grid))
    focus = gtk_widget_get_parent (focus);
  cell = focus != NULL ? gtk_widget_get_first_child (focus) : NULL;
  if (!SL_IS_IMAGE_CELL (cell) || self->list == NULL)
    return G_MAXUINT;
  return sl_image_list_find (self->list, sl_image_cell_get_image_id (SL_IMAGE_CELL (cell)));
}

/* After a click, a key or the rubber band settled (focus and selection change in either order):
 * the current image is the focused one if selected, else it stays if still selected, else it
 * is the first selected. */
static gboolean
pick_current_idle (gpointer data)
{
  SlBrowseView *self = data;
  g_autoptr(GtkBitset) selected = NULL;
  guint focused, position;

  self->current_idle = 0;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    return G_SOURCE_REMOVE;
  focused = focused_position (self);
  position = gtk_single_selection_get_selected (self->current);
  if (focused != G_MAXUINT && gtk_bitset_contains (selected, focused))
    position = focused;
  else if (position == GTK_INVALID_LIST_POSITION || !gtk_bitset_contains (selected, position))
    position = gtk_bitset_get_minimum (selected);
  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->current, position);
  self->syncing = FALSE;
  return G_SOURCE_REMOVE;
}

static void
on_selection_changed_cb (GtkSelectionModel *selection,
                         guint              position,
                         guint              n_items,
                         SlBrowseView      *self)
{
  if (self->syncing)
    return;
  update_n_selected (self);
  if (self->current_idle == 0)
    self->current_idle = g_idle_add (pick_current_idle, self);
}

static void
on_model_items_changed_cb (GListModel   *model,
                           guint         position,
                           guint         removed,
                           guint         added,
                           SlBrowseView *self)
{
  update_placeholder (self);
  update_n_selected (self);
}

static void
release_model (SlBrowseView *self)
{
  g_clear_handle_id (&self->current_idle, g_source_remove);
  if (self->current != NULL)
    g_signal_handlers_disconnect_by_data (self->current, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->current);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  g_clear_object (&self->catalog);
}

static gint64
current_id (SlBrowseView *self)
{
  SlImageItem *item = gtk_single_selection_get_selected_item (self->current);

  return item != NULL ? sl_image_item_get_id (item) : 0;
}

/* After the list got new contents: the current image stays current when still listed, else
 * the one now at its position. */
static void
keep_current (SlBrowseView *self,
              gint64        image_id,
              guint         position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  guint found = sl_image_list_find (self->list, image_id);

  if (n == 0 || position == GTK_INVALID_LIST_POSITION)
    return;
  gtk_single_selection_set_selected (self->current,
                                     found != G_MAXUINT ? found : MIN (position, n - 1));
}

/* The list applied the search, on a worker. */
static void
on_search_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(SlBrowseView) self = data;
  g_autoptr(GError) error = NULL;
  gint64 id;
  guint position;

  if (SL_IMAGE_LIST (source) != self->list)
    {
      sl_image_list_set_search_finish (SL_IMAGE_LIST (source), result, NULL);
      return;
    }
  id = current_id (self);
  position = gtk_single_selection_get_selected (self->current);
  if (!sl_image_list_set_search_finish (self->list, result, &error))
    {
      show_search_error (self, error);
      return;
    }
  keep_current (self, id, position);
  update_placeholder (self);
}

static void
apply_search (SlBrowseView *self)
{
  sl_image_list_set_search_async (self->list, sl_search_bar_get_text (self->search_bar),
                                  on_search_done_cb, g_object_ref (self));
}

static void
on_search_changed_cb (SlBrowseView *self)
{
  if (self->list != NULL)
    apply_search (self);
}

gboolean
sl_browse_view_refresh (SlBrowseView  *self,
                        GError       **error)
{
  gint64 id;
  guint position;

  g_return_val_if_fail (SL_IS_BROWSE_VIEW (self), FALSE);

  if (self->list == NULL)
    return TRUE;
  id = current_id (self);
  position = gtk_single_selection_get_selected (self->current);
  if (!sl_image_list_refresh (self->list, error))
    return FALSE;
  keep_current (self, id, position);
  return TRUE;
}

/* Enter in the entry: on to the matches. */
static void
on_search_activate_cb (SlBrowseView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->grid));
}

static void
on_grid_secondary_pressed_cb (GtkGestureClick *click,
                              int              n_press,
                              double           x,
                              double           y,
                              SlBrowseView    *self)
{
  graphene_point_t point;

  if (self->context_menu == NULL ||
      !gtk_widget_compute_point (GTK_WIDGET (self->grid), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT ((float) x, (float) y), &point))
    return;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu),
                               &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
  gtk_gesture_set_state (GTK_GESTURE (click), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
sl_browse_view_dispose (GObject *object)
{
  SlBrowseView *self = SL_BROWSE_VIEW (object);

  release_model (self);
  g_clear_handle_id (&self->request_idle, g_source_remove);
  g_clear_handle_id (&self->fit_idle, g_source_remove);
  if (self->pending != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->pending);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_cancellable_cancel (value);
      g_clear_pointer (&self->pending, g_hash_table_unref);
    }
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  g_clear_pointer (&self->jump_popover, gtk_widget_unparent);
  if (self->overlay != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->search_bar));
      g_clear_pointer (&self->overlay, gtk_widget_unparent);
      self->scrolled_window = NULL;
      self->placeholder = NULL;
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

  /**
   * SlBrowseView::jump-requested:
   * @text: what was typed in the "Go to image" popover
   * Enter was pressed in the "Go to image" popover.
   */
  signals[JUMP_REQUESTED] =
    g_signal_new ("jump-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  properties[PROP_N_SELECTED] =
    g_param_spec_uint ("n-selected", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  object_class->get_property = sl_browse_view_get_property;
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "slbrowseview");
}

static void
on_jump_entry_activate_cb (SlBrowseView *self,
                           GtkEntry     *entry)
{
  g_signal_emit (self, signals[JUMP_REQUESTED], 0, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
build_jump_popover (SlBrowseView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (_("_Go to image"));
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Image id"));
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 10);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (on_jump_entry_activate_cb), self);
  self->jump_entry = GTK_EDITABLE (entry);
  self->jump_popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->jump_popover), box);
  gtk_popover_set_position (GTK_POPOVER (self->jump_popover), GTK_POS_BOTTOM);
  gtk_widget_set_parent (self->jump_popover, GTK_WIDGET (self));
}

/* GTK 4.8's grid keeps 32 rows × max-columns item widgets, made anew when the list is replaced
 * (a search, closing it): a bound at the column count that fits makes that a few dozen widgets
 * instead of 480. Runs after a change of the grid's width (its adjustment's page): changed
 * while the grid allocates, the bound would break that allocation. */
static gboolean
fit_max_columns_idle (gpointer data)
{
  SlBrowseView *self = data;
  int tile_width = 0, columns;

  self->fit_idle = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->grid)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (gtk_widget_get_css_name (child), "child"))
      {
        gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &tile_width, NULL, NULL, NULL);
        break;
      }
  if (tile_width <= 0)
    return G_SOURCE_REMOVE;
  columns = CLAMP (gtk_widget_get_width (GTK_WIDGET (self->grid)) / tile_width, 1, MAX_COLUMNS);
  if ((guint) columns != gtk_grid_view_get_max_columns (self->grid))
    gtk_grid_view_set_max_columns (self->grid, columns);
  return G_SOURCE_REMOVE;
}

static void
schedule_fit_max_columns (SlBrowseView *self)
{
  if (self->fit_idle == 0)
    self->fit_idle = g_idle_add (fit_max_columns_idle, self);
}

static void
sl_browse_view_init (SlBrowseView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkLayoutManager *layout;
  GtkGesture *click;

  self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  self->grid = GTK_GRID_VIEW (gtk_grid_view_new (NULL, factory));
  gtk_grid_view_set_max_columns (self->grid, MAX_COLUMNS);
  gtk_grid_view_set_enable_rubberband (self->grid, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->grid), "thumbnails");
  g_signal_connect (self->grid, "activate", G_CALLBACK (on_grid_activate_cb), self);
  self->scrolled_window = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scrolled_window, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (self->scrolled_window, GTK_WIDGET (self->grid));
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled_window),
                           "value-changed", G_CALLBACK (schedule_requests), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->scrolled_window),
                           "changed", G_CALLBACK (schedule_fit_max_columns), self, G_CONNECT_SWAPPED);
  self->overlay = gtk_overlay_new ();
  gtk_widget_set_vexpand (self->overlay, TRUE);
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), GTK_WIDGET (self->scrolled_window));
  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  self->search_bar = SL_SEARCH_BAR (sl_search_bar_new ());
  g_signal_connect_swapped (self->search_bar, "search-changed", G_CALLBACK (on_search_changed_cb),
                            self);
  g_signal_connect_swapped (self->search_bar, "activate", G_CALLBACK (on_search_activate_cb),
                            self);
  gtk_widget_set_parent (GTK_WIDGET (self->search_bar), GTK_WIDGET (self));
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_grid_secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->grid), GTK_EVENT_CONTROLLER (click));

  self->placeholder = gtk_label_new (NULL);
  gtk_label_set_justify (GTK_LABEL (self->placeholder), GTK_JUSTIFY_CENTER);
  gtk_label_set_wrap (GTK_LABEL (self->placeholder), TRUE);
  gtk_widget_set_can_target (self->placeholder, FALSE);
  gtk_widget_add_css_class (self->placeholder, "dim-label");
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->placeholder);
  update_placeholder (self);
  build_jump_popover (self);
}

void
sl_browse_view_set_model (SlBrowseView      *self,
                          GtkSelectionModel *model)
{
  GListModel *list;

  g_return_if_fail (SL_IS_BROWSE_VIEW (self));
  g_return_if_fail (model == NULL || GTK_IS_SINGLE_SELECTION (model));

  release_model (self);
  if (model == NULL)
    {
      gtk_grid_view_set_model (self->grid, NULL);
      update_placeholder (self);
      update_n_selected (self);
      return;
    }
  self->current = GTK_SINGLE_SELECTION (g_object_ref (model));
  list = gtk_single_selection_get_model (self->current);
  if (SL_IS_IMAGE_LIST (list))
    {
      self->list = SL_IMAGE_LIST (g_object_ref (list));
      /* a new list (other filters) keeps the search */
      apply_search (self);
      /* after the list's own handler, which updates the item */
      self->catalog = g_object_ref (sl_image_list_get_catalog (self->list));
      g_signal_connect_swapped (self->catalog, "labels-changed", G_CALLBACK (on_labels_changed_cb),
                                self);
    }
  /* over the single selection, not the list: it re-emits the list's changes after updating
   * itself and notifies its new selected position only then, when both are up to date */
  self->selection = sl_bitset_selection_new (g_object_ref (G_LIST_MODEL (self->current)));
  sync_from_current (self);
  g_signal_connect_swapped (self->current, "notify::selected", G_CALLBACK (sync_from_current),
                            self);
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed_cb),
                    self);
  g_signal_connect (self->selection, "items-changed", G_CALLBACK (on_model_items_changed_cb),
                    self);
  gtk_grid_view_set_model (self->grid, GTK_SELECTION_MODEL (self->selection));
  update_placeholder (self);
  update_n_selected (self);
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

void
sl_browse_view_set_context_menu (SlBrowseView *self,
                                 GMenuModel   *menu)
{
  g_return_if_fail (SL_IS_BROWSE_VIEW (self));

  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  if (menu == NULL)
    return;
  self->context_menu = gtk_popover_menu_new_from_model (menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
}

GtkPopover *
sl_browse_view_get_context_menu (SlBrowseView *self)
{
  g_return_val_if_fail (SL_IS_BROWSE_VIEW (self), NULL);
  return self->context_menu != NULL ? GTK_POPOVER (self->context_menu) : NULL;
}

GtkSelectionModel *
sl_browse_view_get_selection (SlBrowseView *self)
{
  g_return_val_if_fail (SL_IS_BROWSE_VIEW (self), NULL);
  return self->selection != NULL ? GTK_SELECTION_MODEL (self->selection) : NULL;
}

guint
sl_browse_view_get_n_selected (SlBrowseView *self)
{
  g_return_val_if_fail (SL_IS_BROWSE_VIEW (self), 0);
  return self->n_selected;
}

GArray *
sl_browse_view_get_selected_ids (SlBrowseView *self)
{
  GArray *ids;
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (SL_IS_BROWSE_VIEW (self), NULL);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (self->selection == NULL || self->list == NULL)
    return ids;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      gint64 id = sl_image_list_get_id (self->list, position);

      g_array_append_val (ids, id);
    }
  return ids;
}

void
sl_browse_view_select_all (SlBrowseView *self)
{
  g_return_if_fail (SL_IS_BROWSE_VIEW (self));
  if (self->selection != NULL)
    gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
}

SlSearchBar *
sl_browse_view_get_search_bar (SlBrowseView *self)
{
  g_return_val_if_fail (SL_IS_BROWSE_VIEW (self), NULL);
  return self->search_bar;
}

void
sl_browse_view_show_jump (SlBrowseView *self)
{
  g_return_if_fail (SL_IS_BROWSE_VIEW (self));

  gtk_popover_set_pointing_to (GTK_POPOVER (self->jump_popover),
                               &(GdkRectangle) { gtk_widget_get_width (GTK_WIDGET (self)) / 2, 0,
                                                 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->jump_popover));
  gtk_widget_grab_focus (GTK_WIDGET (self->jump_entry));
  gtk_editable_select_region (self->jump_entry, 0, -1);
}

void
sl_browse_view_hide_jump (SlBrowseView *self)
{
  g_return_if_fail (SL_IS_BROWSE_VIEW (self));
  gtk_popover_popdown (GTK_POPOVER (self->jump_popover));
}

GtkEditable *
sl_browse_view_get_jump_entry (SlBrowseView *self)
{
  g_return_val_if_fail (SL_IS_BROWSE_VIEW (self), NULL);
  return self->jump_entry;
}
