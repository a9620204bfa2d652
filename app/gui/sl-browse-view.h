/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-class-table.h"
#include "sl-search-bar.h"
#include "sl-thumbnail-cache.h"

G_BEGIN_DECLS

/* The thumbnail grid: a GtkGridView over SlImageItems whose bind step only sets colours and a
 * cached texture, and asks the thumbnail cache for missing ones; a search bar over it.
 * Two selections: the window's GtkSingleSelection is the current image (shown, labelled alone);
 * the grid's own GtkMultiSelection over the same list is what bulk actions act on (shift-click,
 * ctrl-click, rubber band, Ctrl+A). Selecting in the grid makes the focused selected image the
 * current one (in an idle, once focus and selection settled); a new current image set by the
 * window alone is selected. Property: n-selected. Signals: activate (position),
 * jump-requested (text). */

#define SL_TYPE_BROWSE_VIEW (sl_browse_view_get_type ())
G_DECLARE_FINAL_TYPE (SlBrowseView, sl_browse_view, SL, BROWSE_VIEW, GtkWidget)

/* model: a GtkSingleSelection (over an SlImageList), or NULL. */
void         sl_browse_view_set_model       (SlBrowseView     *self,
                                             GtkSelectionModel *model);
/* Re-runs the list's query (the labels, splits or queue changed) keeping the current image,
 * or when it left the list its position. */
gboolean     sl_browse_view_refresh         (SlBrowseView     *self,
                                             GError          **error);
/* The grid's multiple selection (borrowed), NULL without a model. */
GtkSelectionModel *sl_browse_view_get_selection (SlBrowseView *self);
guint        sl_browse_view_get_n_selected  (SlBrowseView     *self);
/* The ids of the selected images, in list order. */
GArray      *sl_browse_view_get_selected_ids (SlBrowseView    *self);   /* of gint64 */
void         sl_browse_view_select_all      (SlBrowseView     *self);
SlSearchBar *sl_browse_view_get_search_bar  (SlBrowseView     *self);
/* The menu a secondary click on the grid pops up (NULL: none). */
void         sl_browse_view_set_context_menu (SlBrowseView    *self,
                                              GMenuModel      *menu);
GtkPopover  *sl_browse_view_get_context_menu (SlBrowseView    *self);
/* The "Go to image" popover: its entry's Enter emits jump-requested with the text typed. */
void         sl_browse_view_show_jump       (SlBrowseView     *self);
void         sl_browse_view_hide_jump       (SlBrowseView     *self);
GtkEditable *sl_browse_view_get_jump_entry  (SlBrowseView     *self);
void         sl_browse_view_set_cache       (SlBrowseView     *self,
                                             SlThumbnailCache *cache);
void         sl_browse_view_set_class_table (SlBrowseView     *self,
                                             SlClassTable     *table);
GtkGridView *sl_browse_view_get_grid        (SlBrowseView     *self);
GtkScrolledWindow *sl_browse_view_get_scrolled_window (SlBrowseView *self);
/* Moves the keyboard focus to the cell showing image_id when the grid has the focus and the
 * cell is on screen (GTK 4.8 has no API to focus an item by position). */
void         sl_browse_view_focus_image     (SlBrowseView     *self,
                                             gint64            image_id);
/* Scrolls to the item at position. */
void         sl_browse_view_scroll_to       (SlBrowseView     *self,
                                             guint             position);

G_END_DECLS
