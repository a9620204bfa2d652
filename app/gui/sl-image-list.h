/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sl-catalog.h"
#include "sl-image-item.h"

G_BEGIN_DECLS

/* A GListModel of SlImageItem over the catalog's images matching a filter. It holds only the
 * matching ids; items (label, prediction) are read from SQLite a page at a time when first asked
 * for and a bounded number of pages is kept. Labels changed through the catalog update the
 * cached items in place. */

#define SL_TYPE_IMAGE_LIST (sl_image_list_get_type ())
G_DECLARE_FINAL_TYPE (SlImageList, sl_image_list, SL, IMAGE_LIST, GObject)

#define SL_IMAGE_LIST_PAGE_SIZE 64

/* filter: NULL = every image. */
SlImageList *sl_image_list_new          (SlCatalog           *catalog,
                                         const SlImageFilter *filter);
SlCatalog   *sl_image_list_get_catalog  (SlImageList         *self);
/* Re-runs the query. Images just appended (an import) are one items-changed for the new tail;
 * other new contents are two, all removed then all added: a selection over the list then
 * keeps nothing by itself (sl_browse_view_refresh() keeps the current image). */
gboolean     sl_image_list_set_filter   (SlImageList         *self,
                                         const SlImageFilter *filter,
                                         GError             **error);
const SlImageFilter *sl_image_list_get_filter (SlImageList   *self);
/* Keeps only the images matching a search (sl_catalog_search_images()) among those the filter
 * lets through; NULL or blank: no search. When the text changed, the query runs on a worker
 * (a connection of its own: on 100,000 images it takes ~150 ms) and the finish replaces the
 * contents as sl_image_list_refresh() does, unless a newer search was asked for meanwhile. */
void         sl_image_list_set_search_async  (SlImageList         *self,
                                              const char          *text,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean     sl_image_list_set_search_finish (SlImageList         *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* TRUE while the newest search has not been applied yet. */
gboolean     sl_image_list_get_searching (SlImageList        *self);
const char  *sl_image_list_get_search   (SlImageList         *self);
/* The model whose predictions items carry (0 = none) and its class count. */
void         sl_image_list_set_model    (SlImageList         *self,
                                         gint64               model_id,
                                         int                  n_classes);
/* Blind reading: items carry this reader's own labels instead of the training labels (NULL:
 * the training labels). */
void         sl_image_list_set_reader   (SlImageList         *self,
                                         const char          *reader);
gboolean     sl_image_list_refresh      (SlImageList         *self,
                                         GError             **error);
gint64       sl_image_list_get_id       (SlImageList         *self,
                                         guint                position);
/* Position of an image id, G_MAXUINT when absent. */
guint        sl_image_list_find         (SlImageList         *self,
                                         gint64               image_id);
guint        sl_image_list_get_n_loaded_pages (SlImageList   *self);

G_END_DECLS
