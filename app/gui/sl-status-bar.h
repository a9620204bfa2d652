/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-job.h"

G_BEGIN_DECLS

/* The window's bottom line: a status text, then one row per running job of a list (its title,
 * message, progress and its own Cancel button). */

#define SL_TYPE_STATUS_BAR (sl_status_bar_get_type ())
G_DECLARE_FINAL_TYPE (SlStatusBar, sl_status_bar, SL, STATUS_BAR, GtkWidget)

void        sl_status_bar_set_text (SlStatusBar *self,
                                    const char  *text);
const char *sl_status_bar_get_text (SlStatusBar *self);
/* jobs: a list of SlJob (the workspace's running jobs). */
void        sl_status_bar_set_jobs (SlStatusBar *self,
                                    GListModel  *jobs);
/* The Cancel button of the job's row, or NULL (for tests). */
GtkButton  *sl_status_bar_get_cancel_button (SlStatusBar *self,
                                             SlJob       *job);

G_END_DECLS
