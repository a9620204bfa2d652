/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-workspace.h"

G_BEGIN_DECLS

/* The readers as a team, for the workspace's catalog: which label trains (the label rule,
 * changeable), how often the model retrains in the background (the workspace's retrainer), and
 * how far the readers agree: percent agreement and Fleiss' κ over every reader, κ per class,
 * Cohen's κ and the confusion matrix of two chosen raters (readers or the current model), and
 * every reader against the current model (its stored predictions). Figures are recomputed when
 * the view is mapped, the catalog or model changes, or sl_agreement_view_refresh() is called.
 * Signal "label-rule-changed" once a new rule recomputed the training labels. */

#define SL_TYPE_AGREEMENT_VIEW (sl_agreement_view_get_type ())
G_DECLARE_FINAL_TYPE (SlAgreementView, sl_agreement_view, SL, AGREEMENT_VIEW, GtkWidget)

GtkWidget *sl_agreement_view_new           (void);
void       sl_agreement_view_set_workspace (SlAgreementView *self,
                                            SlWorkspace     *workspace);
void       sl_agreement_view_refresh       (SlAgreementView *self);
/* Compares raters a and b (reader names, or “Model”, translated, for the current model);
 * FALSE when either is not among the raters shown. */
gboolean   sl_agreement_view_set_pair      (SlAgreementView *self,
                                            const char      *a,
                                            const char      *b);

G_END_DECLS
