/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-catalog.h"
#include "sl-class-table.h"
#include "sl-window-choice.h"

G_BEGIN_DECLS

/* The review queue: a model's predictions, least confident first, without the images a person
 * (an annotator other than "import") labelled after the model was made, and by default (scope
 * "Unlabeled") without any labeled image, so review never starts on people's labels; one image at a time with the
 * prediction, its confidence and the Grad-CAM heatmap over the image (toggle, opacity,
 * legend). Signal "current-changed" when the reviewed image changes. */

typedef enum
{
  SL_REVIEW_SCOPE_UNLABELED,
  SL_REVIEW_SCOPE_ALL,
} SlReviewScope;

#define SL_TYPE_REVIEW_PAGE (sl_review_page_get_type ())
G_DECLARE_FINAL_TYPE (SlReviewPage, sl_review_page, SL, REVIEW_PAGE, GtkWidget)

void     sl_review_page_set_context     (SlReviewPage *self,
                                         SlCatalog    *catalog,
                                         gint64        model_id,
                                         SlClassTable *classes);
gint64   sl_review_page_get_current     (SlReviewPage *self);
/* Catalog class id the model suggests for the current image, 0 = none. */
gint64   sl_review_page_get_suggestion  (SlReviewPage *self);
guint    sl_review_page_get_n_queued    (SlReviewPage *self);
gboolean sl_review_page_move            (SlReviewPage *self,
                                         int           delta);
void     sl_review_page_toggle_heatmap  (SlReviewPage *self);
/* The scope dropdown; changing it rebuilds the queue. */
SlReviewScope sl_review_page_get_scope  (SlReviewPage  *self);
void     sl_review_page_set_scope       (SlReviewPage  *self,
                                         SlReviewScope  scope);
gboolean sl_review_page_get_heatmap_shown (SlReviewPage *self);
/* Each image's window/level (sl_window_choices_new; the window shares its table): the shown
 * image opens with its entry, and a right-drag (signal "window-changed") or set_window stores
 * the shown image's. NULL: every image opens with its file's window. */
void     sl_review_page_set_window_choices (SlReviewPage *self,
                                            GHashTable   *choices);
/* The window/level of the image shown; right-drag adjusts it. */
void     sl_review_page_set_window      (SlReviewPage         *self,
                                         const SlWindowChoice *choice);
/* The image shown (NULL when none), e.g. for its modality. */
const SlImage *sl_review_page_get_image (SlReviewPage         *self);
/* The window of the image shown. */
void     sl_review_page_get_window      (SlReviewPage *self,
                                         double       *center,
                                         double       *width);

G_END_DECLS
