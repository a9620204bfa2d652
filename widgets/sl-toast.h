/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_TOAST (sl_toast_get_type ())
G_DECLARE_FINAL_TYPE (SlToast, sl_toast, SL, TOAST, GtkWidget)

/* A short message that slides in over the content (put it in a GtkOverlay) and goes away by
 * itself after a few seconds, with an optional button bound to an action (such as Undo).
 * Showing another message replaces the one shown and restarts the timeout. */

#define SL_TOAST_TIMEOUT_MS 5000

GtkWidget  *sl_toast_new         (void);
/* @button_label and @action_name may be NULL (no button); @target is the action's parameter
 * (may be NULL; a floating reference is sunk). */
void        sl_toast_show        (SlToast    *self,
                                  const char *message,
                                  const char *button_label,
                                  const char *action_name,
                                  GVariant   *target);
void        sl_toast_dismiss     (SlToast    *self);
gboolean    sl_toast_is_shown    (SlToast    *self);
/* The message shown (or last shown). */
const char *sl_toast_get_message (SlToast    *self);
/* The button (borrowed): hidden when the message has none. */
GtkButton  *sl_toast_get_button  (SlToast    *self);

G_END_DECLS
