/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sl-image.h"

G_BEGIN_DECLS

/* The project's catalog: one SQLite file (WAL, foreign keys on). The only code that writes SQL.
 * One SlCatalog is one connection: use it from one thread at a time. A job opens its own. */

#define SL_TYPE_CATALOG (sl_catalog_get_type ())
G_DECLARE_FINAL_TYPE (SlCatalog, sl_catalog, SL, CATALOG, GObject)

#define SL_CATALOG_SCHEMA_VERSION 6

/* Images with a side over this many pixels also get a reduced copy for display. */
#define SL_CATALOG_DISPLAY_SIDE 2048

typedef enum
{
  SL_SPLIT_NONE = 0,
  SL_SPLIT_TRAIN,
  SL_SPLIT_VAL,
  SL_SPLIT_TEST,
} SlSplit;

const char *sl_split_to_string   (SlSplit     split);   /* "train", "val", "test", NULL */
SlSplit     sl_split_from_string (const char *name);    /* SL_SPLIT_NONE when unknown */

typedef struct
{
  gint64 id;
  char *name;
  int position;
  char *color;        /* "#rrggbb" */
  char *shortcut;     /* "1".."9" or NULL */
} SlClassInfo;

typedef struct
{
  gint64 id;
  char *sha256;
  char *source_name;  /* file name relative to the imported folder; never a full path with PHI */
  int width;
  int height;
  int channels;
  int bits;
  char *format;
  char *modality;
  gint64 imported_at; /* unix seconds */
  gint64 class_id;    /* current label (newest history row), 0 = unlabeled */
  SlSplit split;
} SlImageInfo;

/* Where a label row came from; the annotator says who. */
typedef enum
{
  SL_LABEL_SOURCE_HUMAN,       /* a person chose the class */
  SL_LABEL_SOURCE_SUGGESTION,  /* a person accepted the model's suggestion */
  SL_LABEL_SOURCE_IMPORT,      /* read from the imported folders or a labels file */
} SlLabelSource;

/* The annotator of the labels the importer reads (shown translated: sl_reader_display_name) */
#define SL_IMPORT_ANNOTATOR "import"

typedef struct
{
  gint64 id;
  gint64 image_id;
  gint64 class_id;    /* 0 = label cleared */
  char *annotator;
  gint64 created_at;  /* unix microseconds, so rapid changes keep their order */
  SlLabelSource source;
} SlLabelEvent;

typedef struct
{
  gint64 id;
  char *name;
  char *arch;
  char *metrics_json;
  gint64 created_at;
} SlModelInfo;

void sl_class_info_free  (SlClassInfo  *info);
void sl_image_info_free  (SlImageInfo  *info);
void sl_label_event_free (SlLabelEvent *event);
void sl_model_info_free  (SlModelInfo  *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlClassInfo, sl_class_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlImageInfo, sl_image_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlLabelEvent, sl_label_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlModelInfo, sl_model_info_free)

/* Opening: creates the file when absent (two processes creating one file: one creates, the other
 * opens what it made); migrates older schemas in one transaction; refuses a foreign file
 * (SL_ERROR_FOREIGN_FILE), a newer schema (SL_ERROR_NEWER_VERSION), a damaged file
 * (SL_ERROR_DAMAGED) or a read-only folder (SL_ERROR_READ_ONLY) without writing to it. Errors
 * of every later call say what happened: SL_ERROR_DISK_FULL, SL_ERROR_READ_ONLY,
 * SL_ERROR_DAMAGED. */
SlCatalog  *sl_catalog_open          (const char  *path,
                                      GError     **error);
const char *sl_catalog_get_path      (SlCatalog   *self);
/* Moves SQLite's write-ahead-log checkpoints off the thread that commits on this connection
 * (the window's main loop) to a worker thread; sl_catalog_checkpoint_busy says whether one
 * runs. Does nothing on a read-only catalog. */
void        sl_catalog_checkpoint_on_worker (SlCatalog *self);
gboolean    sl_catalog_checkpoint_busy      (SlCatalog *self);
/* TRUE when the file had no write permission: it was opened read-only, reading works and every
 * write fails with SL_ERROR_READ_ONLY. */
gboolean    sl_catalog_is_read_only  (SlCatalog   *self);
/* Emits images-changed: for images added through another connection (an import job's). */
void        sl_catalog_images_changed (SlCatalog  *self);
/* Emits labels-changed (image_id 0: many images): for labels stored through another connection
 * (a bulk change's worker). */
void        sl_catalog_labels_changed (SlCatalog  *self,
                                       gint64      image_id);

/* Transactions: every multi-row write inside the catalog is one already; callers that group
 * many calls (an import batch) wrap them in begin/commit, rollback on error. */
gboolean    sl_catalog_begin         (SlCatalog   *self,
                                      GError     **error);
/* A transaction that only reads (many lookups at one snapshot): it does not wait for a writer
 * on another connection. Ended by sl_catalog_commit(). */
gboolean    sl_catalog_begin_read    (SlCatalog   *self,
                                      GError     **error);
gboolean    sl_catalog_commit        (SlCatalog   *self,
                                      GError     **error);
void        sl_catalog_rollback      (SlCatalog   *self);

/* Classes, in position order. Adding an existing name returns its id. */
GPtrArray  *sl_catalog_list_classes  (SlCatalog   *self);   /* of SlClassInfo* */
gint64      sl_catalog_ensure_class  (SlCatalog   *self,
                                      const char  *name,
                                      GError     **error);
gint64      sl_catalog_find_class    (SlCatalog   *self,
                                      const char  *name);   /* 0 when absent */
gboolean    sl_catalog_update_class  (SlCatalog   *self,
                                      gint64       class_id,
                                      const char  *name,
                                      const char  *color,
                                      const char  *shortcut,
                                      GError     **error);

/* Images. add_image stores the decoded pixels (and a reduced display copy of a large image);
 * returns the new id, or 0 with *duplicate_of set when an image with the same sha256 of its
 * pixels exists. */
gint64      sl_catalog_add_image     (SlCatalog     *self,
                                      const SlImage *image,
                                      const char    *sha256,
                                      const char    *source_name,
                                      gint64        *duplicate_of,
                                      GError       **error);
gboolean    sl_catalog_has_sha256    (SlCatalog   *self,
                                      const char  *sha256);
SlImageInfo *sl_catalog_get_image_info (SlCatalog *self,
                                        gint64     image_id,
                                        GError   **error);
SlImage    *sl_catalog_load_image    (SlCatalog   *self,
                                      gint64       image_id,
                                      GError     **error);
/* For thumbnails and the viewer: the reduced copy (at most SL_CATALOG_DISPLAY_SIDE a side) of a
 * large image, else the image itself. */
SlImage    *sl_catalog_load_display_image (SlCatalog *self,
                                           gint64     image_id,
                                           GError   **error);
gint64      sl_catalog_count_images  (SlCatalog   *self);

/* Browsing: image ids matching a filter, in a stable order (id). class_id -1 = any,
 * 0 = unlabeled; split SL_SPLIT_NONE = any. */
typedef struct
{
  SlSplit split;
  gint64 class_id;
  gint64 predicted_class_id;   /* -1 = any; needs model_id */
  gint64 model_id;             /* 0 = none */
  gboolean disagreement;       /* label != prediction of model_id */
  gboolean most_uncertain;     /* order by prediction confidence, lowest first */
  gboolean readers_disagree;   /* the adjudication queue (sl-catalog-readers.h) */
} SlImageFilter;
void        sl_image_filter_init     (SlImageFilter *filter);
GArray     *sl_catalog_query_images  (SlCatalog           *self,
                                      const SlImageFilter *filter,
                                      GError             **error);   /* of gint64 */

/* Labels: an append-only history; the current label is the newest row. sl_catalog_set_label()
 * records a person's own choice (SL_LABEL_SOURCE_HUMAN). */
gboolean    sl_catalog_set_label     (SlCatalog   *self,
                                      gint64       image_id,
                                      gint64       class_id,        /* 0 clears */
                                      const char  *annotator,
                                      GError     **error);
gboolean    sl_catalog_set_label_from (SlCatalog    *self,
                                       gint64        image_id,
                                       gint64        class_id,      /* 0 clears */
                                       const char   *annotator,
                                       SlLabelSource source,
                                       GError      **error);
/* Many labels in one transaction (all or none): image_ids[i] gets class_ids[i] (0 clears).
 * After the commit, labels-changed is emitted once: with the image's id for one image, with 0
 * for several (listeners then reread what they show, once instead of per image). */
gboolean    sl_catalog_set_labels_from (SlCatalog    *self,
                                        const gint64 *image_ids,
                                        const gint64 *class_ids,
                                        guint         n,
                                        const char   *annotator,
                                        SlLabelSource source,
                                        GError      **error);
GPtrArray  *sl_catalog_label_history (SlCatalog   *self,
                                      gint64       image_id,
                                      GError     **error);         /* of SlLabelEvent*, oldest first */
gint64      sl_catalog_get_label     (SlCatalog   *self,
                                      gint64       image_id);      /* class id, 0 = unlabeled */
/* Ids (ascending) of the images with a label row newer than since (unix µs) by an annotator
 * other than except_annotator (NULL: any): those a person labelled after that time. */
GArray     *sl_catalog_labeled_since (SlCatalog   *self,
                                      gint64       since,
                                      const char  *except_annotator,
                                      GError     **error);         /* of gint64 */

/* Splits. seed < 0 means "given by the source" (folder name or CSV), stored as NULL;
 * SL_SPLIT_NONE removes the image's split. */
gboolean    sl_catalog_set_split     (SlCatalog   *self,
                                      gint64       image_id,
                                      SlSplit      split,
                                      gint64       seed,
                                      GError     **error);
SlSplit     sl_catalog_get_split     (SlCatalog   *self,
                                      gint64       image_id);
/* How many of a stratum of n images sl_catalog_make_split() puts in val and test (the rest go
 * to train): round(n × test) to test, round(n × val) to val, at most all of them. */
void        sl_split_sizes           (guint        n,
                                      double       val_fraction,
                                      double       test_fraction,
                                      guint       *n_val,
                                      guint       *n_test);
/* Stratified by current label, reproducible for a seed; images that already have a split keep
 * it unless reassign_all. */
gboolean    sl_catalog_make_split    (SlCatalog   *self,
                                      double       val_fraction,
                                      double       test_fraction,
                                      gint64       seed,
                                      gboolean     reassign_all,
                                      GError     **error);
/* counts[split][class position] for the stats command and the sidebar: keys are
 * GINT_TO_POINTER (SlSplit) for every split including SL_SPLIT_NONE (no split), values GArrays
 * of gint64 with one entry per class in sl_catalog_list_classes() order plus a last entry for
 * unlabeled images. */
GHashTable *sl_catalog_count_by_split_and_class (SlCatalog *self,
                                                 GError   **error);

/* Models and predictions. */
gint64      sl_catalog_add_model     (SlCatalog   *self,
                                      const char  *name,
                                      const char  *arch,
                                      GBytes      *checkpoint,
                                      const char  *metrics_json,
                                      GError     **error);
GPtrArray  *sl_catalog_list_models   (SlCatalog   *self);       /* of SlModelInfo*, newest first */
SlModelInfo *sl_catalog_get_model_info (SlCatalog *self,
                                        gint64     model_id,
                                        GError   **error);
/* Renames a model (the name is stripped and must not be empty); emits models-changed. */
gboolean    sl_catalog_rename_model  (SlCatalog   *self,
                                      gint64       model_id,
                                      const char  *name,
                                      GError     **error);
GBytes     *sl_catalog_get_model_checkpoint (SlCatalog *self,
                                             gint64     model_id,
                                             GError   **error);
/* Stores n predictions in one transaction; probs is n × n_classes, heatmaps may be NULL. */
gboolean    sl_catalog_add_predictions (SlCatalog    *self,
                                        gint64        model_id,
                                        const gint64 *image_ids,
                                        int           n,
                                        int           n_classes,
                                        const float  *probs,
                                        GError      **error);
gboolean    sl_catalog_get_prediction  (SlCatalog   *self,
                                        gint64       model_id,
                                        gint64       image_id,
                                        float       *probs,        /* n_classes floats */
                                        int          n_classes);

/* Health: SQLite's integrity_check, foreign keys, then Sightline's own invariants (labels name
 * existing classes and images, splits and predictions reference existing rows, the cached
 * current label matches the history, pixel data matches the image size). Returns one message per
 * problem (empty: healthy), NULL with error when the check could not run. */
GPtrArray  *sl_catalog_check          (SlCatalog   *self,
                                       GError     **error);   /* of char* */
/* The gate of commands that write (label, train, export): the same with SQLite's quick_check;
 * FALSE with SL_ERROR_DAMAGED naming the first problem. */
gboolean    sl_catalog_require_healthy (SlCatalog  *self,
                                        GError    **error);
/* A consistent copy of the catalog in out_path (SQLite's online backup: others may keep
 * reading and writing meanwhile), written beside it and renamed into place. */
gboolean    sl_catalog_backup         (SlCatalog   *self,
                                       const char  *out_path,
                                       GError     **error);

G_END_DECLS
