/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The Preferences window: the pixel budget of the images the window imports (the setting
 * SL_SETTINGS_MAX_PIXELS). A change is saved at once; there is no OK button. */
GtkWindow *sl_preferences_dialog_show     (GtkWindow *parent);

/* The budget set in Preferences, or SL_IMAGE_DEFAULT_MAX_PIXELS when none (or no valid one) is. */
guint64    sl_preferences_get_max_pixels  (void);

G_END_DECLS
