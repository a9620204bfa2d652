/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-application.h"
#include "sl-catalog.h"
#include "sl-image-list.h"
#include "sl-window-choice.h"
#include "sl-workspace.h"

G_BEGIN_DECLS

/* The workbench window for one catalog, showing an SlWorkspace: sidebar (classes, filters,
 * model), a stack of views (browse, train, review, metrics), an inspector for the current image,
 * a status bar listing the running jobs, each with its Cancel. Actions (win.*):
 * label(i: class position) next previous accept-suggestion toggle-heatmap undo redo import
 * import-files open-catalog new-catalog open-recent(s) make-splits add-class
 * show-view(s: browse, train, review, metrics) clear-label set-split(s: train, val, test, none)
 * select-all search jump pacs-connect pacs-studies pacs-triage; export.* (see
 * sl-export-actions.h). Class keys, Delete, clear-label and set-split act on every selected
 * thumbnail when several are selected. */

#define SL_TYPE_WINDOW (sl_window_get_type ())
G_DECLARE_FINAL_TYPE (SlWindow, sl_window, SL, WINDOW, GtkApplicationWindow)

SlWindow    *sl_window_new               (SlApplication *application);
gboolean     sl_window_open_catalog      (SlWindow      *self,
                                          const char    *path,
                                          GError       **error);
SlCatalog   *sl_window_get_catalog       (SlWindow      *self);
SlWorkspace *sl_window_get_workspace     (SlWindow      *self);
SlImageList *sl_window_get_image_list    (SlWindow      *self);
/* Imports files and folders in the background (a folder's labels.csv is applied). */
void         sl_window_import            (SlWindow      *self,
                                          GFile        **files,
                                          int            n_files);
/* TRUE while a job of the workspace runs. */
gboolean     sl_window_is_busy           (SlWindow      *self);
/* The annotator stored with labels; asked once when unset. */
void         sl_window_set_annotator     (SlWindow      *self,
                                          const char    *annotator);
/* The image the inspector shows and the keys act on (browse selection or review item). */
gint64       sl_window_get_current_image (SlWindow      *self);
gboolean     sl_window_select_image      (SlWindow      *self,
                                          gint64         image_id);
/* The model whose predictions are shown (0 = none); setting it loads it before returning. */
gint64       sl_window_get_model_id      (SlWindow      *self);
void         sl_window_set_model_id      (SlWindow      *self,
                                          gint64         model_id);
void         sl_window_show_error        (SlWindow      *self,
                                          const char    *title,
                                          const char    *detail);
GtkWidget   *sl_window_get_page          (SlWindow      *self,
                                          const char    *name);
/* The "export" action group (sl-export-actions.h). */
GActionGroup *sl_window_get_export_actions (SlWindow    *self);
void         sl_window_set_status        (SlWindow      *self,
                                          const char    *text);
/* The window/level for images with more than 8 bits (what the inspector's dropdown sets): the
 * image view, the thumbnails and the review view use it. */
void         sl_window_set_window_choice (SlWindow             *self,
                                          const SlWindowChoice *choice);

G_END_DECLS
