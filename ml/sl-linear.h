/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Multinomial logistic regression, the classical baseline's classifier. Features are
 * standardised with the training mean and standard deviation (a constant feature is ignored),
 * then the softmax model is fitted by full-batch L-BFGS, which is deterministic: the same data
 * give the same model. Objective, with sample weights s_i (1, or the balanced class weights):
 *   sum_i s_i * -log p(y_i | z_i) / sum_i s_i + l2 / 2 * |W|^2     (biases not penalised) */
typedef struct
{
  float l2;                 /* penalty on the standardised weights */
  int max_iter;             /* L-BFGS iterations */
  float tol;                /* stop when every gradient entry is below tol */
  int class_weights;        /* 1 = balanced: class k weighs n / (n_classes * n_k) */
  int (*should_stop) (void *data);   /* polled between fits by train_select; NULL = never */
  void *stop_data;
} sl_linear_config;

typedef struct sl_linear sl_linear;

/* l2 0.1 (the best on the demo set's validation split with default HOG features), 300
 * iterations, tol 1e-5, balanced class weights. */
void       sl_linear_config_default (sl_linear_config       *cfg);

/* X: (n, d) features; y: (n) labels in [0, n_classes). Returns NULL on bad arguments or when
 * out of memory. */
sl_linear *sl_linear_train          (const float            *X,
                                     const int              *y,
                                     int                     n,
                                     int                     d,
                                     int                     n_classes,
                                     const sl_linear_config *cfg);

/* The baseline's one selection rule (the CLI, the app and the benchmark all use it): trains
 * once per penalty in SL_LINEAR_L2_GRID (cfg->l2 is ignored) and keeps the model with the best
 * validation ROC AUC (macro one-vs-rest for more classes; the smaller penalty on ties).
 * X_val: (n_val, d), y_val: (n_val). chosen_l2, if not NULL, receives the penalty kept.
 * Returns NULL on bad arguments, when out of memory, or when cfg->should_stop said so. */
#define SL_LINEAR_L2_GRID { 1e-4f, 1e-3f, 1e-2f, 3e-2f, 1e-1f, 3e-1f, 1.0f }
sl_linear *sl_linear_train_select   (const float            *X,
                                     const int              *y,
                                     int                     n,
                                     const float            *X_val,
                                     const int              *y_val,
                                     int                     n_val,
                                     int                     d,
                                     int                     n_classes,
                                     const sl_linear_config *cfg,
                                     float                  *chosen_l2);

/* X: (n, d); probs: (n, n_classes). */
void       sl_linear_predict        (const sl_linear        *m,
                                     const float            *X,
                                     int                     n,
                                     float                  *probs);
void       sl_linear_free           (sl_linear              *m);
int        sl_linear_num_features   (const sl_linear        *m);
int        sl_linear_num_classes    (const sl_linear        *m);
int        sl_linear_iterations     (const sl_linear        *m);   /* L-BFGS iterations run */

/* The objective above on features already standardised, exposed for tests.
 * Z: (n, d); weight: (n) sample weights or NULL for 1; theta: (d + 1) * k, W (d, k)
 * row-major then the k biases; grad: (d + 1) * k or NULL. Returns the objective. */
double     sl_linear_objective      (const float            *Z,
                                     const int              *y,
                                     const float            *weight,
                                     int                     n,
                                     int                     d,
                                     int                     k,
                                     float                   l2,
                                     const double           *theta,
                                     double                 *grad);
