/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-catalog.h"
#include "sl-model.h"

G_BEGIN_DECLS

/* Who said what: the readers' current labels as an images × raters table of class positions
 * (-1: no label from that rater), the input of the agreement figures in ml/sl-agreement.h. */
typedef struct
{
  GPtrArray *raters;        /* of char*: annotator names, then a model's name */
  GPtrArray *class_names;   /* of char*, in catalog class order */
  GArray *image_ids;        /* of gint64: images at least one rater labelled */
  GArray *ratings;          /* of int: image_ids->len × raters->len, row-major */
} SlRatings;

void       sl_ratings_free        (SlRatings   *ratings);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlRatings, sl_ratings_free)

/* annotators: NULL for every reader with a label; a named reader without any label is an
 * error naming them. */
SlRatings *sl_ratings_from_catalog (SlCatalog          *catalog,
                                    const char * const *annotators,
                                    GError            **error);
/* Adds the model as one more rater: its predicted class on every image of the table (model
 * classes matched to catalog classes by name; a model class the catalog lacks is an error). */
gboolean   sl_ratings_add_model    (SlRatings   *ratings,
                                    SlCatalog   *catalog,
                                    SlModel     *model,
                                    const char  *name,
                                    GError     **error);
/* The same from the predictions the catalog stored for model_id (what the window shows), without
 * running the model: images without a stored prediction get no rating from it. */
gboolean   sl_ratings_add_predictions (SlRatings   *ratings,
                                       SlCatalog   *catalog,
                                       gint64       model_id,
                                       SlModel     *model,
                                       const char  *name,
                                       GError     **error);
int        sl_ratings_get          (const SlRatings *ratings,
                                    guint            image,
                                    guint            rater);

G_END_DECLS
