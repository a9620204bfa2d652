/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-class-table.h"
#include "sl-thumbnail-cache.h"

G_BEGIN_DECLS

/* The thumbnail grid: a GtkGridView over a selection of SlImageItem whose bind step only sets
 * colours and a cached texture, and asks the thumbnail cache for missing ones. */

#define SL_TYPE_BROWSE_VIEW (sl_browse_view_get_type ())
G_DECLARE_FINAL_TYPE (SlBrowseView, sl_browse_view, SL, BROWSE_VIEW, GtkWidget)

void         sl_browse_view_set_model       (SlBrowseView     *self,
                                             GtkSelectionModel *model);
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
