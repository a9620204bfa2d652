/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-catalog.h"

G_BEGIN_DECLS

/* Several readers per image. Every labels row names its annotator; a reader's current label of
 * an image is their newest row (by time) that is not an adjudication; a cleared label (class 0)
 * means the reader gives none. The training label (images' current label, what
 * sl_catalog_get_label returns) is the newest adjudication where one stands, else the catalog's
 * label rule decides:
 *   latest     the newest label of any reader (the default: one person correcting imported
 *              labels keeps working as before);
 *   majority   the class most readers chose; a tie gives no label;
 *   reference  the reference reader's current label (none when that reader gave none). */
typedef enum
{
  SL_LABEL_RULE_LATEST,
  SL_LABEL_RULE_MAJORITY,
  SL_LABEL_RULE_REFERENCE,
} SlLabelRule;

const char *sl_label_rule_to_string   (SlLabelRule  rule);
gboolean    sl_label_rule_from_string (const char  *name,
                                       SlLabelRule *rule);

typedef struct
{
  gint64 image_id;
  char *annotator;
  gint64 class_id;     /* never 0: cleared labels are left out */
  gint64 created_at;   /* unix µs */
} SlReaderLabel;

void sl_reader_label_free (SlReaderLabel *label);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlReaderLabel, sl_reader_label_free)

/* Current reader labels of one image (image_id > 0) or of every image (0), ordered by image id
 * then annotator. */
GPtrArray  *sl_catalog_reader_labels      (SlCatalog   *self,
                                           gint64       image_id,
                                           GError     **error);   /* of SlReaderLabel* */
/* A reader's current label of an image (0: none). */
gint64      sl_catalog_get_reader_label   (SlCatalog   *self,
                                           gint64       image_id,
                                           const char  *annotator);
/* Annotators with at least one current label, sorted. */
GStrv       sl_catalog_list_readers       (SlCatalog   *self,
                                           GError     **error);
/* The name to show for an annotator: the importer's own is translated. */
const char *sl_reader_display_name       (const char  *annotator);

/* Records an adjudicator's decision (class 0 withdraws the standing one). */
gboolean    sl_catalog_adjudicate         (SlCatalog   *self,
                                           gint64       image_id,
                                           gint64       class_id,
                                           const char  *adjudicator,
                                           GError     **error);
gint64      sl_catalog_get_adjudication   (SlCatalog   *self,
                                           gint64       image_id);   /* 0 = none stands */
/* Images (ascending ids) whose readers disagree and that no adjudication settles yet: the
 * images of the filter with readers_disagree set. */
GArray     *sl_catalog_adjudication_queue (SlCatalog   *self,
                                           GError     **error);   /* of gint64 */

/* Catalog settings. Changing the rule recomputes every image's training label in one
 * transaction; reference names the reader for SL_LABEL_RULE_REFERENCE. */
SlLabelRule sl_catalog_get_label_rule     (SlCatalog   *self,
                                           char       **reference);
gboolean    sl_catalog_set_label_rule     (SlCatalog   *self,
                                           SlLabelRule  rule,
                                           const char  *reference,
                                           GError     **error);
/* Blind reading: the window shows a reader neither other readers' labels nor the model's
 * suggestion. */
gboolean    sl_catalog_get_blind_reading  (SlCatalog   *self);
gboolean    sl_catalog_set_blind_reading  (SlCatalog   *self,
                                           gboolean     blind,
                                           GError     **error);

typedef struct
{
  guint labels_added;     /* history rows copied */
  guint labels_present;   /* rows the target had already */
  guint images_added;     /* with with_images */
  guint images_missing;   /* images the target lacks (not imported) */
} SlMergeStats;

/* Brings the labels history of the catalog at other_path into this one, matched by the sha256
 * of the pixels: each row keeps its annotator, time, class (by name, created when absent) and
 * kind; a row already present is not added again, so merging twice adds nothing. Images the
 * target lacks are copied when with_images, else their "sha256 source-name" go to missing
 * (nullable) and their labels are left out. One transaction. */
gboolean    sl_catalog_merge              (SlCatalog    *self,
                                           const char   *other_path,
                                           gboolean      with_images,
                                           SlMergeStats *stats,
                                           GPtrArray    *missing,
                                           GError      **error);

G_END_DECLS
