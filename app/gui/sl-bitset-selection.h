/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A multiple selection over a list model that is only a set of positions. GtkMultiSelection
 * (GTK 4.8) also keeps every selected item, fetching each one that changes: selecting all of
 * 100,000 images, or one after all of them, loaded every page of the image list. The selection
 * follows the positions through the model's items-changed; removed items leave it. */

#define SL_TYPE_BITSET_SELECTION (sl_bitset_selection_get_type ())
G_DECLARE_FINAL_TYPE (SlBitsetSelection, sl_bitset_selection, SL, BITSET_SELECTION, GObject)

/* Takes model. */
SlBitsetSelection *sl_bitset_selection_new (GListModel *model);

G_END_DECLS
