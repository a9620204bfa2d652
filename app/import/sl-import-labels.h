/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-catalog.h"

G_BEGIN_DECLS

/* Where an imported image's label and split come from: its folder names, or a CSV. */

/* From a path relative to the imported folder: "<split>/<label>/x.png" (split one of train, val,
 * test), "<split>/x.png" (split only), "<label>/x.png", or "x.png" (neither). Deeper folders
 * below these are ignored. *label is NULL when none. */
void          sl_import_labels_from_folders (const char  *source_name,
                                             char       **label,
                                             SlSplit     *split);

typedef struct _SlLabelTable SlLabelTable;

/* Reads a CSV of path,label[,split] rows, or a labels CSV as Sightline exports it. A first row
 * naming the columns (path and/or sha256, label, split, in any order; others are ignored) is
 * optional. Paths are in the escaped form of sl_filename_escape, relative to the CSV's folder
 * or to the imported folder; a row may name its image by the sha256 of its pixels instead (or
 * as well). Errors name the file and line. */
SlLabelTable *sl_label_table_load   (const char    *csv_path,
                                     GError       **error);
void          sl_label_table_free   (SlLabelTable  *table);
/* The row for an image, by the sha256 of its pixels (NULL: none), its file's absolute path or
 * its path relative to the imported folder (in the file system's bytes or the escaped form);
 * FALSE when the CSV has no row for it. *label may be NULL (the row leaves it unlabeled). */
gboolean      sl_label_table_lookup (SlLabelTable  *table,
                                     const char    *sha256,
                                     const char    *absolute_path,
                                     const char    *source_name,
                                     const char   **label,
                                     SlSplit       *split);

/* The labels the CSV names, each once, in line order. */
GPtrArray    *sl_label_table_get_labels    (SlLabelTable *table);   /* of char* */
/* One message ("FILE.csv:LINE: “path” matches no imported file") per row that no lookup has
 * matched, in line order. */
GPtrArray    *sl_label_table_get_unmatched (SlLabelTable *table);   /* of char* */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlLabelTable, sl_label_table_free)

G_END_DECLS
