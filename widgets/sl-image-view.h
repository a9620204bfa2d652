/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_IMAGE_VIEW (sl_image_view_get_type ())
G_DECLARE_FINAL_TYPE (SlImageView, sl_image_view, SL, IMAGE_VIEW, GtkWidget)

/* Zoom limits and the zoom above which pixels are drawn as crisp squares. */
#define SL_IMAGE_VIEW_MIN_ZOOM     0.02
#define SL_IMAGE_VIEW_MAX_ZOOM     64.0
#define SL_IMAGE_VIEW_NEAREST_ZOOM 2.0

/*
 * Properties: "texture" (GdkTexture), "heatmap" (GdkTexture, RGBA, drawn over the image's
 * rectangle whatever its size), "heatmap-visible" (gboolean), "heatmap-opacity" (0..1),
 * "zoom" (screen pixels per image pixel), "fit" (gboolean: zoom follows the widget size).
 *
 * Signals:
 *   "pixel-hovered"  (int x, int y)  image pixel under the pointer, (-1, -1) when outside or
 *                                    when the pointer leaves; emitted only on change.
 *   "window-changed" (double center_delta, double width_delta)
 *                                    right-button drag, incremental since the last emission, in
 *                                    logical widget pixels: vertical motion (down = +) gives
 *                                    center_delta, horizontal motion (right = +) width_delta.
 *                                    The widget only reports; the app re-renders "texture".
 *
 * Input: wheel zooms around the pointer, pinch zooms, primary drag pans; keys (when focused)
 * + / = / KP_Add zoom in, - / KP_Subtract zoom out, 0 / KP_0 1:1, f fit, arrows pan when the
 * image is larger than the view (otherwise they propagate, e.g. to the window's prev/next).
 *
 * Actions (for buttons and window shortcuts: gtk_widget_activate_action (view, name, NULL)):
 * "image-view.zoom-in", "image-view.zoom-out", "image-view.zoom-original" (1:1),
 * "image-view.zoom-fit".
 */

GtkWidget  *sl_image_view_new                 (void);

GdkTexture *sl_image_view_get_texture         (SlImageView *self);
/* A texture of the same size keeps zoom and pan (a new window/level of the same image);
 * another size returns to fit. */
void        sl_image_view_set_texture         (SlImageView *self,
                                               GdkTexture  *texture);
GdkTexture *sl_image_view_get_preview         (SlImageView *self);
/* A reduced copy of the texture, drawn instead of it while the image is shown no larger than
 * the copy: GTK's cairo renderer converts every pixel of a texture on each draw (tens of ms
 * for 2048 × 2048 fitted into the view). Set after the texture; a new texture drops it. */
void        sl_image_view_set_preview         (SlImageView *self,
                                               GdkTexture  *preview);
/* Whether the preview is what is drawn at the current zoom. */
gboolean    sl_image_view_get_preview_shown   (SlImageView *self);
GdkTexture *sl_image_view_get_heatmap         (SlImageView *self);
void        sl_image_view_set_heatmap         (SlImageView *self,
                                               GdkTexture  *heatmap);
gboolean    sl_image_view_get_heatmap_visible (SlImageView *self);
void        sl_image_view_set_heatmap_visible (SlImageView *self,
                                               gboolean     visible);
double      sl_image_view_get_heatmap_opacity (SlImageView *self);
void        sl_image_view_set_heatmap_opacity (SlImageView *self,
                                               double       opacity);

double      sl_image_view_get_zoom            (SlImageView *self);
/* Keeps the image point at the centre of the view fixed; turns "fit" off. */
void        sl_image_view_set_zoom            (SlImageView *self,
                                               double       zoom);
/* Multiplies the zoom by @factor keeping the image point under (wx, wy) fixed. */
void        sl_image_view_zoom_at             (SlImageView *self,
                                               double       factor,
                                               double       wx,
                                               double       wy);
gboolean    sl_image_view_get_fit             (SlImageView *self);
void        sl_image_view_set_fit             (SlImageView *self,
                                               gboolean     fit);
/* Moves the image by (dx, dy) widget pixels (clamped so the image stays in view). */
void        sl_image_view_pan                 (SlImageView *self,
                                               double       dx,
                                               double       dy);

/* The window/level the texture was rendered with, for the readout drawn over the image's
 * bottom-left corner ("Zoom 250% · C 40 W 400"); width 0 shows the zoom alone (images
 * without a window/level, e.g. colour photos). */
void        sl_image_view_set_window_level    (SlImageView *self,
                                               double       center,
                                               double       width);
/* The readout's text, NULL without a texture. */
char       *sl_image_view_dup_readout         (SlImageView *self);

/* Pure mappings between widget coordinates and image coordinates (pixel (i, j) covers
 * [i, i+1) × [j, j+1)); they use the current zoom, pan and widget size. */
void        sl_image_view_widget_to_image     (SlImageView *self,
                                               double       wx,
                                               double       wy,
                                               double      *ix,
                                               double      *iy);
void        sl_image_view_image_to_widget     (SlImageView *self,
                                               double       ix,
                                               double       iy,
                                               double      *wx,
                                               double      *wy);

G_END_DECLS
