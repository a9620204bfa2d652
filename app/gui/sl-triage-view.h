/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-pacs-connection.h"
#include "sl-workspace.h"

G_BEGIN_DECLS

/* Live triage: follows a PACS or a folder with the workspace's model (an SlWatcher on a worker
 * thread, its own catalog connection and copy of the model); each image appears on arrival in a
 * list sorted by the chosen class's probability, highest first, with its latency (arrival →
 * prediction stored). Selecting one shows it with its Grad-CAM heatmap. An image at or above the
 * threshold (a setting) emits ::alert and sends a desktop notification. Changing the catalog or
 * the model stops watching. The "Watch PACS" button emits ::pacs-wanted for the owner, who knows
 * the connection. */

#define SL_TYPE_TRIAGE_VIEW (sl_triage_view_get_type ())
G_DECLARE_FINAL_TYPE (SlTriageView, sl_triage_view, SL, TRIAGE_VIEW, GtkWidget)

void     sl_triage_view_set_workspace (SlTriageView           *self,
                                       SlWorkspace            *workspace);
/* Both need a catalog and a model; otherwise the status line says so. */
void     sl_triage_view_watch_pacs    (SlTriageView           *self,
                                       const SlPacsConnection *connection);
void     sl_triage_view_watch_folder  (SlTriageView           *self,
                                       const char             *folder);
void     sl_triage_view_stop          (SlTriageView           *self);
gboolean sl_triage_view_is_watching   (SlTriageView           *self);
/* The listed images, in list order. */
GArray  *sl_triage_view_dup_image_ids (SlTriageView           *self);
/* The probability of the chosen class for a listed image, -1 if not listed. */
double   sl_triage_view_get_probability (SlTriageView         *self,
                                         gint64                image_id);

G_END_DECLS
