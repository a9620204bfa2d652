/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-pacs-connection.h"
#include "sl-window.h"

G_BEGIN_DECLS

/* The studies of a PACS: a search (modality, date range, description) run as a job of the
 * window's workspace, the hits listed (kept in this window only, never stored), and the selected
 * studies imported into the window's catalog as a job, like `sightline-cli pacs import`; the
 * window shows the outcome as a toast. */

#define SL_TYPE_STUDY_BROWSER (sl_study_browser_get_type ())
G_DECLARE_FINAL_TYPE (SlStudyBrowser, sl_study_browser, SL, STUDY_BROWSER, GtkWindow)

SlStudyBrowser *sl_study_browser_new            (SlWindow               *window,
                                                 const SlPacsConnection *connection);
void            sl_study_browser_set_connection (SlStudyBrowser         *self,
                                                 const SlPacsConnection *connection);
/* Starts the search with the criteria of the fields (as the Search button does). */
void            sl_study_browser_search         (SlStudyBrowser         *self);
/* Imports the selected studies (as the Import button does). */
void            sl_study_browser_import         (SlStudyBrowser         *self);
/* TRUE while a search runs. */
gboolean        sl_study_browser_is_searching   (SlStudyBrowser         *self);

G_END_DECLS
