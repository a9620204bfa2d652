/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-bitset-selection.h"

struct _SlBitsetSelection
{
  GObject parent_instance;

  GListModel *model;
  GtkBitset *selected;
};

static void sl_bitset_selection_list_model_init (GListModelInterface *iface);
static void sl_bitset_selection_selection_model_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlBitsetSelection, sl_bitset_selection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      sl_bitset_selection_list_model_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL,
                                                      sl_bitset_selection_selection_model_init))

static GType
sl_bitset_selection_get_item_type (GListModel *list)
{
  return g_list_model_get_item_type (SL_BITSET_SELECTION (list)->model);
}

static guint
sl_bitset_selection_get_n_items (GListModel *list)
{
  return g_list_model_get_n_items (SL_BITSET_SELECTION (list)->model);
}

static gpointer
sl_bitset_selection_get_item (GListModel *list,
                              guint       position)
{
  return g_list_model_get_item (SL_BITSET_SELECTION (list)->model, position);
}

static void
sl_bitset_selection_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sl_bitset_selection_get_item_type;
  iface->get_n_items = sl_bitset_selection_get_n_items;
  iface->get_item = sl_bitset_selection_get_item;
}

static gboolean
sl_bitset_selection_is_selected (GtkSelectionModel *model,
                                 guint              position)
{
  return gtk_bitset_contains (SL_BITSET_SELECTION (model)->selected, position);
}

static GtkBitset *
sl_bitset_selection_get_selection_in_range (GtkSelectionModel *model,
                                            guint              position,
                                            guint              n_items)
{
  GtkBitset *range = gtk_bitset_new_range (position, n_items);

  gtk_bitset_intersect (range, SL_BITSET_SELECTION (model)->selected);
  return range;
}

/* The positions in mask take their state from selected; the others keep theirs. */
static gboolean
sl_bitset_selection_set_selection (GtkSelectionModel *model,
                                   GtkBitset         *selected,
                                   GtkBitset         *mask)
{
  SlBitsetSelection *self = SL_BITSET_SELECTION (model);
  GtkBitset *next = gtk_bitset_copy (self->selected);
  g_autoptr(GtkBitset) chosen = gtk_bitset_copy (selected);
  g_autoptr(GtkBitset) in_list = gtk_bitset_new_range (0, g_list_model_get_n_items (self->model));
  g_autoptr(GtkBitset) changes = gtk_bitset_copy (self->selected);
  guint first, last;

  gtk_bitset_subtract (next, mask);
  gtk_bitset_intersect (chosen, mask);
  gtk_bitset_intersect (chosen, in_list);
  gtk_bitset_union (next, chosen);
  gtk_bitset_difference (changes, next);   /* symmetric: the positions that flip */
  gtk_bitset_unref (self->selected);
  self->selected = next;
  if (gtk_bitset_is_empty (changes))
    return TRUE;
  first = gtk_bitset_get_minimum (changes);
  last = gtk_bitset_get_maximum (changes);
  gtk_selection_model_selection_changed (model, first, last - first + 1);
  return TRUE;
}

/* The other changes, through set_selection */

static gboolean
set_range (GtkSelectionModel *model,
           guint              position,
           guint              n_items,
           gboolean           select,
           gboolean           exclusive)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_autoptr(GtkBitset) selected = select ? gtk_bitset_new_range (position, n_items)
                                         : gtk_bitset_new_empty ();
  g_autoptr(GtkBitset) mask = exclusive ? gtk_bitset_new_range (0, n)
                                        : gtk_bitset_new_range (position, n_items);

  return sl_bitset_selection_set_selection (model, selected, mask);
}

static gboolean
sl_bitset_selection_select_item (GtkSelectionModel *model,
                                 guint              position,
                                 gboolean           unselect_rest)
{
  return set_range (model, position, 1, TRUE, unselect_rest);
}

static gboolean
sl_bitset_selection_unselect_item (GtkSelectionModel *model,
                                   guint              position)
{
  return set_range (model, position, 1, FALSE, FALSE);
}

static gboolean
sl_bitset_selection_select_range (GtkSelectionModel *model,
                                  guint              position,
                                  guint              n_items,
                                  gboolean           unselect_rest)
{
  return set_range (model, position, n_items, TRUE, unselect_rest);
}

static gboolean
sl_bitset_selection_unselect_range (GtkSelectionModel *model,
                                    guint              position,
                                    guint              n_items)
{
  return set_range (model, position, n_items, FALSE, FALSE);
}

static gboolean
sl_bitset_selection_select_all (GtkSelectionModel *model)
{
  return set_range (model, 0, g_list_model_get_n_items (G_LIST_MODEL (model)), TRUE, FALSE);
}

static gboolean
sl_bitset_selection_unselect_all (GtkSelectionModel *model)
{
  return set_range (model, 0, g_list_model_get_n_items (G_LIST_MODEL (model)), FALSE, FALSE);
}

static void
sl_bitset_selection_selection_model_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = sl_bitset_selection_is_selected;
  iface->get_selection_in_range = sl_bitset_selection_get_selection_in_range;
  iface->set_selection = sl_bitset_selection_set_selection;
  iface->select_item = sl_bitset_selection_select_item;
  iface->unselect_item = sl_bitset_selection_unselect_item;
  iface->select_range = sl_bitset_selection_select_range;
  iface->unselect_range = sl_bitset_selection_unselect_range;
  iface->select_all = sl_bitset_selection_select_all;
  iface->unselect_all = sl_bitset_selection_unselect_all;
}

static void
on_items_changed_cb (GListModel        *model,
                     guint              position,
                     guint              removed,
                     guint              added,
                     SlBitsetSelection *self)
{
  gtk_bitset_splice (self->selected, position, removed, added);
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
sl_bitset_selection_dispose (GObject *object)
{
  SlBitsetSelection *self = SL_BITSET_SELECTION (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed_cb, self);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (sl_bitset_selection_parent_class)->dispose (object);
}

static void
sl_bitset_selection_finalize (GObject *object)
{
  gtk_bitset_unref (SL_BITSET_SELECTION (object)->selected);
  G_OBJECT_CLASS (sl_bitset_selection_parent_class)->finalize (object);
}

static void
sl_bitset_selection_class_init (SlBitsetSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_bitset_selection_dispose;
  object_class->finalize = sl_bitset_selection_finalize;
}

static void
sl_bitset_selection_init (SlBitsetSelection *self)
{
  self->selected = gtk_bitset_new_empty ();
}

SlBitsetSelection *
sl_bitset_selection_new (GListModel *model)
{
  SlBitsetSelection *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (SL_TYPE_BITSET_SELECTION, NULL);
  self->model = model;
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), self);
  return self;
}
