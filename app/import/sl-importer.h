/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sl-catalog.h"
#include "sl-image-loader.h"

G_BEGIN_DECLS

/* Imports folder trees of images into a catalog. Files are decoded by a pool of worker threads
 * and written from the thread that calls sl_importer_run(), in batches of one transaction each,
 * so an import that is killed leaves a consistent catalog and running it again completes it. */

typedef struct
{
  guint total;        /* image files found */
  guint done;         /* files handled so far */
  guint committed;    /* files whose results are committed */
  guint imported;     /* new images (a multi-frame DICOM adds one per frame) */
  guint duplicates;   /* images already in the catalog (same sha256 of the pixels) */
  guint skipped;      /* files that could not be read */
  guint unmatched;    /* rows of the labels CSV that matched no imported file */
} SlImportStats;

typedef enum
{
  SL_IMPORT_NOTICE_SKIPPED,     /* "file: reason" */
  SL_IMPORT_NOTICE_DUPLICATE,   /* "file: duplicate of image N (name)" */
  SL_IMPORT_NOTICE_UNMATCHED,   /* "labels.csv:LINE: “path” matches no imported file" */
} SlImportNotice;

/* Called on the thread running the import. */
typedef void (*SlImportNoticeFunc)   (SlImportNotice       kind,
                                      const char          *message,
                                      gpointer             user_data);
typedef void (*SlImportProgressFunc) (const SlImportStats *stats,
                                      gpointer             user_data);
/* For each image written: the new image's id, or the id of the one it duplicates. source_name is
 * the file's path relative to the imported folder (escaped, "#N" for frame N of several), whether
 * or not the catalog keeps it. */
typedef void (*SlImportImageFunc)    (const char          *source_name,
                                      gint64               image_id,
                                      gpointer             user_data);

typedef struct _SlImporter SlImporter;

SlImporter *sl_importer_new               (SlCatalog            *catalog);
void        sl_importer_free              (SlImporter           *self);
/* A folder (walked recursively; symlinked folders followed, each folder once, loops named) or a
 * single image file. The catalog keeps each file's path relative to the folder given (for a
 * file: its name), escaped with sl_filename_escape when it is not UTF-8; messages name files by
 * their escaped path. */
void        sl_importer_add_path          (SlImporter           *self,
                                           const char           *path);
/* Labels from a CSV. Its rows that match no imported file are counted (stats.unmatched) and
 * named, one notice each. A CSV naming a class the catalog does not have is refused with the
 * list when the catalog has classes already, unless create_classes (set_create_classes); into a
 * catalog without classes, the CSV's classes are created. */
gboolean    sl_importer_set_labels_csv    (SlImporter           *self,
                                           const char           *csv_path,
                                           GError              **error);
void        sl_importer_set_create_classes (SlImporter          *self,
                                            gboolean             create_classes);
void        sl_importer_set_batch_size    (SlImporter           *self,
                                           guint                 files_per_transaction);
void        sl_importer_set_threads       (SlImporter           *self,
                                           guint                 n_threads);   /* 0 = per core */
/* The pixel budget of one image (frame); default SL_IMAGE_DEFAULT_MAX_PIXELS. Larger images are
 * skipped, named, from their header. */
void        sl_importer_set_max_pixels    (SlImporter           *self,
                                           guint64               max_pixels);
/* FALSE: the catalog keeps no source name for any image. DICOM files never keep one: their
 * names often identify the patient. Default TRUE. */
void        sl_importer_set_keep_source_names (SlImporter       *self,
                                               gboolean          keep);
/* Stores this window (real values, e.g. Hounsfield units; width > 0) with every imported image
 * instead of the file's own. Default: keep the file's. */
void        sl_importer_set_window        (SlImporter           *self,
                                           double                center,
                                           double                width);
void        sl_importer_set_notice_func   (SlImporter           *self,
                                           SlImportNoticeFunc    func,
                                           gpointer              user_data);
void        sl_importer_set_progress_func (SlImporter           *self,
                                           SlImportProgressFunc  func,
                                           gpointer              user_data);
void        sl_importer_set_image_func    (SlImporter           *self,
                                           SlImportImageFunc     func,
                                           gpointer              user_data);
/* Runs the import. FALSE with error on a fatal problem (a folder that cannot be read, a catalog
 * write failure) or G_IO_ERROR_CANCELLED; batches committed before stay. Skipped files are not
 * errors: they are counted in stats and reported through the notice func. */
gboolean    sl_importer_run               (SlImporter           *self,
                                           GCancellable         *cancellable,
                                           SlImportStats        *stats,
                                           GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlImporter, sl_importer_free)

G_END_DECLS
