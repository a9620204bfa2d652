/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Copies the first count files (in name order) of src_dir into dst_dir, made when absent; the
 * test fails when src_dir has fewer. */
void sl_test_copy_first_files (const char *src_dir,
                               const char *dst_dir,
                               int         count);

/* Copies the first images of each class of the bundled demo set into dir/<split>/<class>/:
 * per_class_train, per_class_val and per_class_test images of each class. */
void sl_test_copy_demo_subset (const char *dir,
                               int         per_class_train,
                               int         per_class_val,
                               int         per_class_test);

/* Deletes a folder and everything below it. */
void sl_test_remove_tree      (const char *path);

/* A test's scratch folder: a new empty folder under the temporary directory (the test fails
 * when it cannot be made), removed with everything in it by sl_test_tmp_dir_free(), e.g.
 *   g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();   ... g_build_filename (dir, ...) */
typedef char SlTestTmpDir;
SlTestTmpDir *sl_test_tmp_dir_new  (void);
void          sl_test_tmp_dir_free (SlTestTmpDir *dir);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlTestTmpDir, sl_test_tmp_dir_free)

/* A g_test_add() fixture: a scratch folder and the path of a catalog in it (not created yet). */
typedef struct
{
  SlTestTmpDir *dir;
  char *catalog;
} SlTestCatalogFixture;
void sl_test_catalog_setup    (SlTestCatalogFixture *f,
                               gconstpointer         data);
void sl_test_catalog_teardown (SlTestCatalogFixture *f,
                               gconstpointer         data);

/* Runs a command (NULL-terminated argv), returning its exit status; output in the out params. */
int  sl_test_run              (const char * const *argv,
                               char              **standard_output,
                               char              **standard_error);

/* Runs the sightline-cli at cli_path with the NULL-terminated arguments in the C locale; returns
 * its exit status (-1 when killed), with its output in *out and *err (freeing what they held)
 * unless NULL. */
int  sl_test_run_cli_at       (const char  *cli_path,
                               char       **out,
                               char       **err,
                               ...) G_GNUC_NULL_TERMINATED;
/* The same for the built sightline-cli, in a test compiled with SL_CLI_PATH. */
#define sl_test_run_cli(out, err, ...) sl_test_run_cli_at (SL_CLI_PATH, out, err, __VA_ARGS__)

/* POSIX locks this process holds on the file at path, from /proc/locks. */
guint sl_test_count_own_locks (const char *path);

G_END_DECLS
