/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-image.h"

G_BEGIN_DECLS

/* Thumbnails of catalog images, decoded on worker threads (each with its own catalog
 * connection), newest request first, and kept in an LRU cache of textures. Each thumbnail
 * shows its image with the image's own window (sl_image_default_window). */

#define SL_TYPE_THUMBNAIL_CACHE (sl_thumbnail_cache_get_type ())
G_DECLARE_FINAL_TYPE (SlThumbnailCache, sl_thumbnail_cache, SL, THUMBNAIL_CACHE, GObject)

SlThumbnailCache *sl_thumbnail_cache_new          (const char          *catalog_path,
                                                   int                  size,
                                                   guint                capacity);
/* A cached thumbnail or NULL; cheap, for bind. Transfer none. */
GdkTexture       *sl_thumbnail_cache_lookup       (SlThumbnailCache    *self,
                                                   gint64               image_id);
void              sl_thumbnail_cache_load_async   (SlThumbnailCache    *self,
                                                   gint64               image_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GdkTexture       *sl_thumbnail_cache_load_finish  (SlThumbnailCache    *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
guint             sl_thumbnail_cache_get_n_cached (SlThumbnailCache    *self);

/* Renders an image to an 8-bit RGB texture (colour kept, gray repeated in R, G and B) with the
 * given window, shrunk first to at most max_size pixels on its longer side (sl_image_shrink;
 * 0 = full size). */
GdkTexture       *sl_texture_from_image           (const SlImage       *image,
                                                   int                  max_size,
                                                   double               window_center,
                                                   double               window_width);
void              sl_image_default_window         (const SlImage       *image,
                                                   double              *center,
                                                   double              *width);

G_END_DECLS
