/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-catalog.h"

G_BEGIN_DECLS

/* A snapshot of the catalog's classes (position order) with parsed colours, and the map from a
 * model's class indices to catalog class ids (by name). Reference counted; rebuilt when the
 * classes or the current model change. */
typedef struct _SlClassTable SlClassTable;

SlClassTable      *sl_class_table_new            (SlCatalog          *catalog,
                                                  const char *const  *model_class_names,
                                                  int                 n_model_classes);
SlClassTable      *sl_class_table_ref            (SlClassTable       *self);
void               sl_class_table_unref          (SlClassTable       *self);
guint              sl_class_table_get_n_classes  (SlClassTable       *self);
const SlClassInfo *sl_class_table_get            (SlClassTable       *self,
                                                  guint               index);
/* Index in position order of a class id, -1 when absent (or 0 = unlabeled). */
int                sl_class_table_index_of       (SlClassTable       *self,
                                                  gint64              class_id);
const GdkRGBA     *sl_class_table_get_color      (SlClassTable       *self,
                                                  gint64              class_id);
const char        *sl_class_table_get_name       (SlClassTable       *self,
                                                  gint64              class_id);
/* Catalog class id of the model's class k, 0 when the catalog has no such class. */
gint64             sl_class_table_model_class_id (SlClassTable       *self,
                                                  int                 k);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlClassTable, sl_class_table_unref)

G_END_DECLS
