/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_CONFUSION_MATRIX (sl_confusion_matrix_get_type ())
G_DECLARE_FINAL_TYPE (SlConfusionMatrix, sl_confusion_matrix, SL, CONFUSION_MATRIX, GtkWidget)

/*
 * An n×n confusion matrix: rows are the true class, columns the predicted class; each cell
 * shows its count and its share of the row, coloured by that share. Focusable: arrows move the
 * cursor cell, Enter/space activate it.
 * Signal: "cell-activated" (int true_class, int predicted_class) on click or Enter.
 */

GtkWidget *sl_confusion_matrix_new           (void);
/* @counts: n_classes × n_classes, [true * n_classes + predicted]; copied. */
void       sl_confusion_matrix_set_data      (SlConfusionMatrix  *self,
                                              guint               n_classes,
                                              const char *const  *class_names,
                                              const int          *counts);
guint      sl_confusion_matrix_get_n_classes (SlConfusionMatrix  *self);
int        sl_confusion_matrix_get_count     (SlConfusionMatrix  *self,
                                              guint               true_class,
                                              guint               predicted_class);
/* The cell's rectangle in widget coordinates; FALSE when out of range or not laid out. */
gboolean   sl_confusion_matrix_get_cell_rect (SlConfusionMatrix  *self,
                                              guint               true_class,
                                              guint               predicted_class,
                                              graphene_rect_t    *rect);
/* The cell under (wx, wy); FALSE when outside the grid. */
gboolean   sl_confusion_matrix_cell_at       (SlConfusionMatrix  *self,
                                              double              wx,
                                              double              wy,
                                              int                *true_class,
                                              int                *predicted_class);

G_END_DECLS
