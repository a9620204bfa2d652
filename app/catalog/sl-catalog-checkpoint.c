/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-catalog-private.h"

/* SQLite copies its write-ahead log back into the catalog (a checkpoint: writes and a sync)
 * on the thread whose commit made the log pass 1,000 pages. On the window's connection that
 * is the main loop, where a label's commit then waited tens of ms for the disk. There the
 * checkpoint runs on a thread with a connection of its own instead, one at a time. A worker
 * cannot catch up with writes that never pause (the log is only reused once every page of it
 * is copied), so past four times that size the committing thread checkpoints as before. */

#define CHECKPOINT_PAGES 1000
#define CHECKPOINT_PAGES_HERE (4 * CHECKPOINT_PAGES)

typedef struct
{
  char *path;
  gint busy;    /* a checkpoint thread is running */
} Checkpointer;

static void
checkpointer_clear (gpointer data)
{
  g_free (((Checkpointer *) data)->path);
}

static gpointer
checkpoint_thread (gpointer data)
{
  Checkpointer *checkpointer = data;
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (checkpointer->path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 1000);
      /* a fresh connection learns that the file is in WAL mode when it first reads it; then a
       * passive checkpoint copies what no reader still needs and never blocks the window */
      if (sqlite3_exec (db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) == SQLITE_OK)
        sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    }
  sqlite3_close (db);
  g_atomic_int_set (&checkpointer->busy, 0);
  g_atomic_rc_box_release_full (checkpointer, checkpointer_clear);
  return NULL;
}

static int
on_wal_commit (void       *data,
               sqlite3    *db,
               const char *name,
               int         pages)
{
  Checkpointer *checkpointer = data;

  if (pages >= CHECKPOINT_PAGES_HERE)
    sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  else if (pages >= CHECKPOINT_PAGES
           && g_atomic_int_compare_and_exchange (&checkpointer->busy, 0, 1))
    g_thread_unref (g_thread_new ("sightline-checkpoint", checkpoint_thread,
                                  g_atomic_rc_box_acquire (checkpointer)));
  return SQLITE_OK;
}

void
sl_catalog_checkpoint_on_worker (SlCatalog *self)
{
  Checkpointer *checkpointer;

  g_return_if_fail (SL_IS_CATALOG (self));
  if (self->read_only || self->checkpointer != NULL)
    return;
  checkpointer = g_atomic_rc_box_new0 (Checkpointer);
  checkpointer->path = g_strdup (self->path);
  self->checkpointer = checkpointer;
  sqlite3_wal_hook (self->db, on_wal_commit, checkpointer);
}

gboolean
sl_catalog_checkpoint_busy (SlCatalog *self)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  return self->checkpointer != NULL
         && g_atomic_int_get (&((Checkpointer *) self->checkpointer)->busy);
}

void
_sl_catalog_checkpointer_release (SlCatalog *self)
{
  if (self->checkpointer != NULL)
    g_atomic_rc_box_release_full (g_steal_pointer (&self->checkpointer), checkpointer_clear);
}
