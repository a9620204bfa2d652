/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Helpers for GUI tests run under tests/gui/xvfb-run-test.sh. */

/* Puts @child in a new window of @width × @height, presents it and returns once @child is
 * allocated and the window has drawn a frame. Destroy it with gtk_window_destroy(). */
GtkWindow          *sl_gui_test_show            (GtkWidget  *child,
                                                 int         width,
                                                 int         height);
/* Runs the main loop until @done() returns TRUE for @data or @timeout_ms passes; returns @done. */
gboolean            sl_gui_test_wait            (gboolean  (*done) (gpointer data),
                                                 gpointer    data,
                                                 guint       timeout_ms);
/* Runs pending main-loop work and then about @ms more milliseconds. */
void                sl_gui_test_iterate         (guint       ms);
/* The first event controller of @type on @widget (borrowed), or NULL. */
GtkEventController *sl_gui_test_find_controller (GtkWidget  *widget,
                                                 GType       type);
/* @widget itself or its first descendant (depth first) of @type, or NULL. */
GtkWidget          *sl_gui_test_find_descendant (GtkWidget  *widget,
                                                 GType       type);
/* Delivers a key press to @widget's key controller as GTK would; returns "key-pressed"'s result. */
gboolean            sl_gui_test_press_key       (GtkWidget  *widget,
                                                 guint       keyval,
                                                 GdkModifierType state);
/* Runs the main loop briefly (pending layout, a frame), then renders @widget as it is on
 * screen with its window's renderer into a new texture. */
GdkTexture         *sl_gui_test_render          (GtkWidget  *widget);
/* The same without running the main loop (for timing). */
GdkTexture         *sl_gui_test_render_now      (GtkWidget  *widget);
/* The texture's pixel as 0xAARRGGBB (premultiplied). */
guint32             sl_gui_test_pixel           (GdkTexture *texture,
                                                 int         x,
                                                 int         y);
/* Saves @texture as $SL_SCREENSHOT_DIR/@name.png when SL_SCREENSHOT_DIR is set. */
void                sl_gui_test_save            (GdkTexture *texture,
                                                 const char *name);

G_END_DECLS
