/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-test-util.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

void
sl_test_copy_first_files (const char *src_dir,
                          const char *dst_dir,
                          int         count)
{
  g_autoptr(GDir) listing = g_dir_open (src_dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpint (names->len, >=, count);
  g_assert_cmpint (g_mkdir_with_parents (dst_dir, 0755), ==, 0);

  for (int i = 0; i < count; i++)
    {
      g_autofree char *src = g_build_filename (src_dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *dst = g_build_filename (dst_dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (dst, contents, (gssize) len, NULL));
    }
}

void
sl_test_copy_demo_subset (const char *dir,
                          int         per_class_train,
                          int         per_class_val,
                          int         per_class_test)
{
  const char *splits[] = { "train", "val", "test" };
  const int counts[] = { per_class_train, per_class_val, per_class_test };
  const char *classes[] = { "normal", "pneumonia" };

  for (int s = 0; s < 3; s++)
    for (int c = 0; c < 2; c++)
      {
        g_autofree char *src = g_build_filename (g_getenv ("SL_SOURCE_ROOT"), "resources",
                                                 "demo-pneumoniamnist", splits[s], classes[c],
                                                 NULL);
        g_autofree char *dst = g_build_filename (dir, splits[s], classes[c], NULL);

        sl_test_copy_first_files (src, dst, counts[s]);
      }
}

void
sl_test_remove_tree (const char *path)
{
  g_autoptr(GDir) listing = g_dir_open (path, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        sl_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

SlTestTmpDir *
sl_test_tmp_dir_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_path_get_basename (g_get_prgname ());
  g_autofree char *template = g_strdup_printf ("sl-%s-XXXXXX", program);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

void
sl_test_tmp_dir_free (SlTestTmpDir *dir)
{
  if (dir == NULL)
    return;
  sl_test_remove_tree (dir);
  g_free (dir);
}

void
sl_test_catalog_setup (SlTestCatalogFixture *f,
                       gconstpointer         data)
{
  f->dir = sl_test_tmp_dir_new ();
  f->catalog = g_build_filename (f->dir, "catalog.sightline", NULL);
}

void
sl_test_catalog_teardown (SlTestCatalogFixture *f,
                          gconstpointer         data)
{
  g_free (f->catalog);
  sl_test_tmp_dir_free (f->dir);
}

int
sl_test_run (const char * const  *argv,
             char               **standard_output,
             char               **standard_error)
{
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               standard_output, standard_error, &status, &error));
  g_assert_no_error (error);
  if (g_test_verbose () && standard_error != NULL && *standard_error != NULL)
    g_test_message ("%s: %s", argv[0], *standard_error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

int
sl_test_run_cli_at (const char  *cli_path,
                    char       **out,
                    char       **err,
                    ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out_text = NULL, *err_text = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) cli_path);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* the messages the tests look for are the untranslated ones */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out_text, &err_text,
                                                &error));
  g_assert_no_error (error);
  if (g_test_verbose ())
    g_test_message ("%s%s", out_text, err_text);
  if (out != NULL)
    {
      g_free (*out);
      *out = g_steal_pointer (&out_text);
    }
  if (err != NULL)
    {
      g_free (*err);
      *err = g_steal_pointer (&err_text);
    }
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

guint
sl_test_count_own_locks (const char *path)
{
  g_autofree char *locks = NULL, *key = NULL;
  g_auto(GStrv) lines = NULL;
  GStatBuf st;
  guint n = 0;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  key = g_strdup_printf (" %d %02x:%02x:%" G_GUINT64_FORMAT " ", (int) getpid (),
                         major (st.st_dev), minor (st.st_dev), (guint64) st.st_ino);
  g_assert_true (g_file_get_contents ("/proc/locks", &locks, NULL, NULL));
  lines = g_strsplit (locks, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "POSIX") != NULL && strstr (lines[i], key) != NULL)
      n++;
  return n;
}
