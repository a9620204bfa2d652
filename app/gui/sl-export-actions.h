/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-window.h"

G_BEGIN_DECLS

/* The window's "export" action group, for the Export submenu of the main menu. Each action
 * takes the target path (s), or "" to ask for it with a file chooser:
 *   export.predictions-csv, export.predictions-json   the window's model on the metrics view's
 *                                                       split (one row per image)
 *   export.labels-csv                                   every image's current label
 *   export.labels-png                                   a folder: <split>/<class>/<id>.png
 *   export.model                                        a folder: model.slm and MODEL_CARD.md
 * The work runs on a worker thread with its own catalog connection; the outcome goes to the
 * status bar, an error to a dialog. */
GActionGroup *sl_export_actions_new            (SlWindow     *window);
/* Exports still running (for tests). */
guint         sl_export_actions_get_n_running  (GActionGroup *group);

G_END_DECLS
