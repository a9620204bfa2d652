/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-data-dirs.h"

typedef struct
{
  char *demo;
  char *dicom_decoder;
  char *pacs_writer;
  char *locale;
} SlDataDirs;

/* The marker file of the build tree holding program_dir, or NULL when it is not in one. */
static GKeyFile *
find_build_tree (const char *program_dir)
{
  g_autofree char *dir = g_strdup (program_dir);

  for (;;)
    {
      g_autofree char *marker = g_build_filename (dir, SL_BUILD_TREE_MARKER, NULL);
      g_autoptr(GKeyFile) keys = g_key_file_new ();
      char *parent;

      if (g_key_file_load_from_file (keys, marker, G_KEY_FILE_NONE, NULL))
        return g_steal_pointer (&keys);
      parent = g_path_get_dirname (dir);
      if (g_strcmp0 (parent, dir) == 0)
        {
          g_free (parent);
          return NULL;
        }
      g_free (dir);
      dir = parent;
    }
}

/* PREFIX/dir, or dir itself when it was configured outside the prefix. */
static char *
under_prefix (const char *prefix,
              const char *dir)
{
  return g_path_is_absolute (dir) ? g_strdup (dir) : g_build_filename (prefix, dir, NULL);
}

/* The install prefix: up from program_dir by as many levels as bindir has. */
static char *
install_prefix (const char *program_dir)
{
  g_auto(GStrv) levels = g_strsplit (SL_BINDIR, G_DIR_SEPARATOR_S, -1);
  char *prefix = g_strdup (program_dir);

  for (guint i = 0; levels[i] != NULL; i++)
    if (levels[i][0] != '\0' && g_strcmp0 (levels[i], ".") != 0)
      {
        char *parent = g_path_get_dirname (prefix);

        g_free (prefix);
        prefix = parent;
      }
  return prefix;
}

static SlDataDirs *
locate (void)
{
  SlDataDirs *dirs = g_new0 (SlDataDirs, 1);
  g_autofree char *program = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *program_dir = g_path_get_dirname (program != NULL ? program : ".");
  g_autoptr(GKeyFile) build_tree = find_build_tree (program_dir);

  if (build_tree != NULL)
    {
      dirs->demo = g_key_file_get_string (build_tree, "build-tree", "demo", NULL);
      dirs->dicom_decoder = g_key_file_get_string (build_tree, "build-tree", "dicom-decoder",
                                                   NULL);
      dirs->pacs_writer = g_key_file_get_string (build_tree, "build-tree", "pacs-writer", NULL);
      dirs->locale = g_key_file_get_string (build_tree, "build-tree", "locale", NULL);
    }
  else
    {
      g_autofree char *prefix = install_prefix (program_dir);
      g_autofree char *datadir = under_prefix (prefix, SL_DATADIR);
      g_autofree char *libexecdir = under_prefix (prefix, SL_LIBEXECDIR);

      dirs->demo = g_build_filename (datadir, "sightline", SL_DEMO_NAME, NULL);
      dirs->dicom_decoder = g_build_filename (libexecdir, "sightline", SL_DICOM_DECODER_NAME,
                                              NULL);
      dirs->pacs_writer = g_build_filename (libexecdir, "sightline", SL_PACS_WRITER_NAME, NULL);
      dirs->locale = under_prefix (prefix, SL_LOCALEDIR);
    }
  return dirs;
}

static const SlDataDirs *
data_dirs (void)
{
  static gsize dirs = 0;

  if (g_once_init_enter (&dirs))
    g_once_init_leave (&dirs, (gsize) locate ());
  return (const SlDataDirs *) dirs;
}

static const char *
env_or (const char *variable,
        const char *located)
{
  const char *value = g_getenv (variable);

  return value != NULL && value[0] != '\0' ? g_intern_string (value) : located;
}

const char *
sl_data_dirs_demo (void)
{
  return data_dirs ()->demo;
}

const char *
sl_data_dirs_dicom_decoder (void)
{
  return env_or ("SL_DICOM_DECODER", data_dirs ()->dicom_decoder);
}

const char *
sl_data_dirs_pacs_writer (void)
{
  return env_or ("SL_PACS_WRITER", data_dirs ()->pacs_writer);
}

const char *
sl_data_dirs_locale (void)
{
  return env_or ("SIGHTLINE_LOCALEDIR", data_dirs ()->locale);
}
