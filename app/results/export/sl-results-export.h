/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sl-catalog.h"
#include "sl-evaluate.h"
#include "sl-labels-export.h"

G_BEGIN_DECLS

/* Results leaving Sightline in forms other tools read. Images are named by catalog id only
 * (no source names or paths). Numbers are written in the C locale whatever the user's. */

/* The metrics of an evaluation as one JSON object: {"images", "accuracy", "auc", "macro_f1",
 * "classes", "per_class": {name: {precision, recall, specificity, f1}}, "confusion"}
 * (an undefined AUC is null). What `sightline-cli evaluate --json` prints. */
char    *sl_evaluation_to_json        (const SlEvaluation *evaluation);

/* One row per image: image_id,split,true_class,predicted_class,confidence,correct, then
 * p_<class> for every class. */
gboolean sl_export_predictions_csv    (const SlEvaluation *evaluation,
                                       SlSplit             split,
                                       const char         *path,
                                       GError            **error);
/* {"split", "classes", "predictions": [{"image_id", "true_class", "predicted_class",
 * "confidence", "probabilities": {class: p}}]} */
gboolean sl_export_predictions_json   (const SlEvaluation *evaluation,
                                       SlSplit             split,
                                       const char         *path,
                                       GError            **error);
/* Long format, one value per row: metric,class,predicted_class,value. Overall metrics have an
 * empty class; confusion rows have metric "confusion", the true class and the predicted one. */
gboolean sl_export_metrics_csv        (const SlEvaluation *evaluation,
                                       const char         *path,
                                       GError            **error);
gboolean sl_export_metrics_json       (const SlEvaluation *evaluation,
                                       const char         *path,
                                       GError            **error);

/* Every labelled image (of split, SL_SPLIT_NONE = all) as an 8-bit PNG through its window:
 * OUT/<class>/<image id>.png, or OUT/<split>/<class>/<image id>.png with by_split (images
 * without a split go under "unsplit"). Class names are made safe as folder names. Returns the
 * number of files written in *n_written. */
gboolean sl_export_labels_png         (SlCatalog          *catalog,
                                       const char         *out_dir,
                                       SlSplit             split,
                                       gboolean            by_split,
                                       guint              *n_written,
                                       GCancellable       *cancellable,
                                       GError            **error);

/* The model's checkpoint as OUT/model.slm and a model card OUT/MODEL_CARD.md (Markdown:
 * architecture, data counts, training settings, metrics of evaluation when given, intended
 * use and limitations). */
gboolean sl_export_model              (SlCatalog          *catalog,
                                       gint64              model_id,
                                       const SlEvaluation *evaluation,
                                       SlSplit             split,
                                       const char         *out_dir,
                                       GError            **error);

G_END_DECLS
