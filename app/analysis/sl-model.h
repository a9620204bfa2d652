/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sl-catalog.h"
#include "sl-image.h"

G_BEGIN_DECLS

/* A trained model ready for inference on single images: prediction and Grad-CAM. Cheap enough
 * (a few ms on a 28×28 input) to call from the UI thread for the current image. Not thread-safe:
 * one SlModel per thread. */
typedef struct _SlModel SlModel;

SlModel    *sl_model_load_from_catalog (SlCatalog     *catalog,
                                        gint64         model_id,
                                        GError       **error);
SlModel    *sl_model_load_file         (const char    *path,
                                        GError       **error);
void        sl_model_free              (SlModel       *model);
int         sl_model_get_n_classes     (SlModel       *model);
const char *sl_model_get_class_name    (SlModel       *model,
                                        int            index);
const char *sl_model_get_arch          (SlModel       *model);
void        sl_model_get_input_size    (SlModel       *model,
                                        int           *width,
                                        int           *height);
/* 1 (gray) or 3 (RGB): what sl_model_input_from_image () gives this model. */
int         sl_model_get_input_channels (SlModel      *model);

/* probs: n_classes floats. heatmap (nullable): the Grad-CAM of the predicted class at the
 * model's input size (see sl_model_get_input_size), values 0..1, row-major. */
gboolean    sl_model_predict           (SlModel       *model,
                                        const SlImage *image,
                                        float         *probs,
                                        float         *heatmap,
                                        GError       **error);

/* Batch prediction on inputs already in model form (bytes, see sl-model-input.h):
 * x is n × channels × height × width, probs n × n_classes. */
void        sl_model_predict_inputs    (SlModel       *model,
                                        const guint8  *x,
                                        int            n,
                                        float         *probs);

/* The penultimate layer (what the last fully connected layer sees), for diversity sampling:
 * features is n × sl_model_get_feature_dim (), probs n × n_classes. The dimension is 0 when the
 * last layer is not fully connected. */
int         sl_model_get_feature_dim   (SlModel       *model);
void        sl_model_features_inputs   (SlModel       *model,
                                        const guint8  *x,
                                        int            n,
                                        float         *features,
                                        float         *probs);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlModel, sl_model_free)

G_END_DECLS
