/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sl-catalog.h"
#include "sl-model.h"

G_BEGIN_DECLS

/* A model's metrics on one split of the catalog (predictions recomputed from the checkpoint). */
typedef struct
{
  int n;
  int n_classes;
  char **class_names;      /* n_classes, NULL-terminated */
  gint64 *image_ids;       /* n */
  int *y_true;             /* n, class index in the model's order */
  float *probs;            /* n × n_classes */
  int *confusion;          /* n_classes × n_classes, [true * n_classes + predicted] */
  double accuracy;
  double balanced_accuracy; /* mean recall over the classes */
  double auc;               /* 2 classes: of p(class 1); more: macro one-vs-rest (sl-metrics.h) */
  double macro_f1;
  double *precision;       /* n_classes each */
  double *recall;
  double *specificity;
  double *f1;
  double *auc_per_class;   /* one-vs-rest; NAN for a class absent from the split */
} SlEvaluation;

void          sl_evaluation_free         (SlEvaluation *evaluation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEvaluation, sl_evaluation_free)

/* Computes every metric of e from its n, n_classes, y_true and probs (which it must hold). */
gboolean      sl_evaluation_compute      (SlEvaluation  *e,
                                          GError       **error);

/* The model's class names are matched to the catalog's by name. */
SlEvaluation *sl_evaluate_model          (SlCatalog      *catalog,
                                          SlModel        *model,
                                          SlSplit         split,
                                          GCancellable   *cancellable,
                                          GError        **error);
SlEvaluation *sl_evaluate                (const char     *catalog_path,
                                          gint64          model_id,
                                          SlSplit         split,
                                          GCancellable   *cancellable,
                                          GError        **error);
G_END_DECLS
