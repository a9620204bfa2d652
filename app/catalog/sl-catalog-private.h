/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "sl-catalog.h"

G_BEGIN_DECLS

/* Written into meta.app_id: a catalog is any SQLite file whose meta table holds this value. */
#define SL_CATALOG_APP_ID "org.sightline.Sightline.catalog"

struct _SlCatalog
{
  GObject parent_instance;

  char *path;
  sqlite3 *db;
  GHashTable *statements;   /* SQL text -> sqlite3_stmt*, prepared once per connection */
  gboolean read_only;       /* opened without write permission */
  int depth;                /* nesting of begin/commit */
  gboolean images_added;    /* emit images-changed at the outermost commit */
  gpointer checkpointer;    /* sl_catalog_checkpoint_on_worker's state, or NULL */
};

/* SQL condition on a labels row l: it is a reader's current row (their newest row of the image
 * that is not an adjudication) and gives a class. */
#define SL_READER_CURRENT_ROW \
  "l.adjudicated = 0 AND l.class_id IS NOT NULL AND l.id = (SELECT m.id FROM labels m " \
  "WHERE m.image_id = l.image_id AND m.adjudicated = 0 AND m.annotator = l.annotator " \
  "ORDER BY m.created_at DESC, m.id DESC LIMIT 1)"

/* One migration step brings the schema from version - 1 to version. */
typedef struct
{
  int version;
  const char *sql;
} SlMigration;

sqlite3_stmt *_sl_catalog_prepare      (SlCatalog     *self,
                                        const char    *sql,
                                        GError       **error);
gboolean      _sl_catalog_exec         (SlCatalog     *self,
                                        const char    *sql,
                                        GError       **error);
/* Runs a prepared statement that returns no rows, then resets it. */
gboolean      _sl_catalog_step_done    (SlCatalog     *self,
                                        sqlite3_stmt  *stmt,
                                        GError       **error);
void          _sl_catalog_set_error    (SlCatalog     *self,
                                        GError       **error);
void          _sl_catalog_set_db_error (sqlite3       *db,
                                        const char    *path,
                                        GError       **error);
void          _sl_catalog_mark_images_added   (SlCatalog *self);
void          _sl_catalog_emit_models_changed (SlCatalog *self);
gint64        _sl_catalog_now_us       (void);
/* Appends a labels row (a reader's label, or an adjudication) and refreshes the image's
 * training label, in one transaction; emits labels-changed. */
gboolean      _sl_catalog_add_label_row (SlCatalog     *self,
                                         gint64         image_id,
                                         gint64         class_id,
                                         const char    *annotator,
                                         SlLabelSource  source,
                                         gboolean       adjudication,
                                         GError       **error);
/* Recomputes images.label_class_id (the training label) of one image; see
 * sl-catalog-readers.h for the rule. Call inside a transaction. */
gboolean      _sl_catalog_refresh_training_label (SlCatalog  *self,
                                                  gint64      image_id,
                                                  GError    **error);

/* Schema: checks and migrates an open connection. steps must be in ascending version order;
 * target is the version to reach. Exposed so tests can exercise the mechanism. */
gboolean      _sl_catalog_migrate      (sqlite3            *db,
                                        const SlMigration  *steps,
                                        int                 n_steps,
                                        int                 target,
                                        GError            **error);
gboolean      _sl_catalog_prepare_schema (sqlite3   *db,
                                          gboolean   read_only,
                                          GError   **error);

/* Drops the connection's share of sl_catalog_checkpoint_on_worker's state. */
void _sl_catalog_checkpointer_release (SlCatalog *self);

G_END_DECLS
