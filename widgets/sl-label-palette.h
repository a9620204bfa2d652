/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_LABEL_PALETTE (sl_label_palette_get_type ())
G_DECLARE_FINAL_TYPE (SlLabelPalette, sl_label_palette, SL, LABEL_PALETTE, GtkWidget)

typedef struct
{
  const char *name;
  GdkRGBA     color;
  guint       shortcut;  /* 1..9, 0 = no key */
  guint       count;
} SlLabelClass;

/*
 * A row or column (GtkOrientable, vertical by default) of class buttons: colour swatch,
 * name, shortcut key and count.
 * Properties: "orientation", "current" (int, -1 = none: drawn as checked),
 * "suggested" (int, -1 = none: the model's prediction, drawn with an accent outline and a badge).
 * Signal: "class-activated" (int index) on click or on a shortcut key given to
 * sl_label_palette_handle_key(). The palette never changes "current" itself: the window does,
 * once the label is stored.
 */

GtkWidget *sl_label_palette_new           (void);
/* Copies the classes; resets "current" and "suggested" to -1. */
void       sl_label_palette_set_classes   (SlLabelPalette     *self,
                                           const SlLabelClass *classes,
                                           guint               n_classes);
guint      sl_label_palette_get_n_classes (SlLabelPalette     *self);
void       sl_label_palette_set_count     (SlLabelPalette     *self,
                                           guint               index,
                                           guint               count);
int        sl_label_palette_get_current   (SlLabelPalette     *self);
void       sl_label_palette_set_current   (SlLabelPalette     *self,
                                           int                 index);
int        sl_label_palette_get_suggested (SlLabelPalette     *self);
/* @confidence in 0..1 is shown in the badge and tooltip; pass a negative value to hide it. */
void       sl_label_palette_set_suggested (SlLabelPalette     *self,
                                           int                 index,
                                           double              confidence);
/* The class whose shortcut is @keyval (1..9 or KP_1..KP_9), or -1. */
int        sl_label_palette_class_for_key (SlLabelPalette     *self,
                                           guint               keyval);
/* Emits "class-activated" and returns TRUE when @keyval is a class's shortcut. */
gboolean   sl_label_palette_handle_key    (SlLabelPalette     *self,
                                           guint               keyval);

G_END_DECLS
