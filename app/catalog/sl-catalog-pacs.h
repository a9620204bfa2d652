/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-catalog.h"

G_BEGIN_DECLS

/* The link between catalog images and where they came from on a PACS (original UIDs) or in a
 * watched folder (file names), and the state of live triage. These tables hold identifying
 * data: no export, report or model file reads them. */

typedef struct
{
  gint64 id;
  char *origin;          /* the PACS's DICOMweb URL, or "folder:" + the folder */
  char *study_uid;
  char *series_uid;
  char *instance_uid;    /* for a folder: the file's name relative to it */
  gint64 image_id;       /* 0 while not imported */
  gint64 arrived_at;     /* unix µs */
} SlPacsLink;

void sl_pacs_link_free (SlPacsLink *link);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPacsLink, sl_pacs_link_free)

typedef enum
{
  SL_WATCH_PENDING = 0,
  SL_WATCH_PREDICTED = 1,
  SL_WATCH_SKIPPED = 2,    /* could not be retrieved or decoded */
  SL_WATCH_BASELINE = 3,   /* there before the watch began: not triaged */
} SlWatchState;

typedef enum
{
  SL_WRITE_BACK_PENDING = 0,
  SL_WRITE_BACK_DONE = 1,
  SL_WRITE_BACK_FAILED = 2,   /* the objects could not be made: not tried again */
} SlWriteBackState;

/* Adds the link unless (origin, instance_uid) is known; returns its id (0 on error) and in
 * *known (nullable) whether it existed. */
gint64      sl_catalog_pacs_add_link       (SlCatalog    *self,
                                            const char   *origin,
                                            const char   *study_uid,
                                            const char   *series_uid,
                                            const char   *instance_uid,
                                            gint64        arrived_at,
                                            gboolean     *known,
                                            GError      **error);
SlPacsLink *sl_catalog_pacs_get_link       (SlCatalog    *self,
                                            gint64        link_id,
                                            GError      **error);
/* The link of (origin, instance_uid), or NULL without error when there is none. */
SlPacsLink *sl_catalog_pacs_find_link      (SlCatalog    *self,
                                            const char   *origin,
                                            const char   *instance_uid,
                                            GError      **error);
gboolean    sl_catalog_pacs_set_link_image (SlCatalog    *self,
                                            gint64        link_id,
                                            gint64        image_id,
                                            GError      **error);
/* The id of the model stored with exactly this checkpoint, 0 when none. */
gint64      sl_catalog_find_model_by_checkpoint (SlCatalog *self,
                                                 GBytes    *checkpoint);

/* Watch state, per origin and model. */
gboolean    sl_catalog_watch_get_cursor    (SlCatalog    *self,
                                            const char   *origin,
                                            gint64        model_id,
                                            gint64       *position);   /* FALSE: none yet */
gboolean    sl_catalog_watch_set_cursor    (SlCatalog    *self,
                                            const char   *origin,
                                            gint64        model_id,
                                            gint64        position,
                                            GError      **error);
/* Records that the watcher saw the link (no change when it had). */
gboolean    sl_catalog_watch_add_item      (SlCatalog    *self,
                                            gint64        link_id,
                                            gint64        model_id,
                                            SlWatchState  state,
                                            GError      **error);
gboolean    sl_catalog_watch_set_state     (SlCatalog    *self,
                                            gint64        link_id,
                                            gint64        model_id,
                                            SlWatchState  state,
                                            GError      **error);
gboolean    sl_catalog_watch_set_write_back (SlCatalog        *self,
                                             gint64            link_id,
                                             gint64            model_id,
                                             SlWriteBackState  state,
                                             GError          **error);
/* Ids of the origin's links in state for the model, oldest first, at most limit (gint64s). */
GArray     *sl_catalog_watch_list          (SlCatalog    *self,
                                            const char   *origin,
                                            gint64        model_id,
                                            SlWatchState  state,
                                            guint         limit,
                                            GError      **error);
/* Ids of the origin's predicted links whose results are not on the PACS yet, oldest first. */
GArray     *sl_catalog_watch_list_unwritten (SlCatalog   *self,
                                             const char  *origin,
                                             gint64       model_id,
                                             guint        limit,
                                             GError     **error);
/* Number of the origin's links in state for the model. */
gint64      sl_catalog_watch_count         (SlCatalog    *self,
                                            const char   *origin,
                                            gint64        model_id,
                                            SlWatchState  state);

G_END_DECLS
