/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-workspace.h"

G_BEGIN_DECLS

/* What the window hosting the export actions gives them: what to export when one starts, and
 * where to say how it went. */
typedef struct
{
  /* The workspace (its catalog and the model shown) and the split of the metrics view. */
  SlWorkspace *(*get_source) (GtkWindow *window,
                              SlSplit   *split);
  void       (*set_status) (GtkWindow  *window,
                            const char *text);
  void       (*show_error) (GtkWindow  *window,
                            const char *title,
                            const char *detail);
} SlExportHost;

/* The window's "export" action group, for the Export submenu of the main menu. Each action
 * takes the target path (s), or "" to ask for it with a file chooser:
 *   export.predictions-csv, export.predictions-json   the window's model on the metrics view's
 *                                                       split (one row per image)
 *   export.labels-csv                                   every image's current label
 *   export.labels-png                                   a folder: <split>/<class>/<id>.png
 *   export.model                                        a folder: model.slm and MODEL_CARD.md
 * The work runs as an export job (sl-export-job.h) in the workspace's jobs; the outcome goes to the host's status, an
 * error to its dialog. host must outlive the group (a static table). */
GActionGroup *sl_export_actions_new            (GtkWindow          *window,
                                                const SlExportHost *host);
/* The path a save dialog returned, with @extension (".pdf") appended unless it already ends in
 * it (in any case): a name retyped without it keeps the file type. */
char         *sl_export_path_with_extension    (const char         *path,
                                                const char         *extension);
/* Exports still running (for tests). */
guint         sl_export_actions_get_n_running  (GActionGroup       *group);

G_END_DECLS
