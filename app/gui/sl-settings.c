/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>

#include "sl-settings.h"

#define GROUP "sightline"

char *
sl_settings_get_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "sightline", "settings.ini", NULL);
}

static GKeyFile *
load_key_file (void)
{
  g_autofree char *path = sl_settings_get_path ();
  GKeyFile *key_file = g_key_file_new ();

  g_key_file_load_from_file (key_file, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  return key_file;
}

char *
sl_settings_get_string (const char *key)
{
  g_autoptr(GKeyFile) key_file = load_key_file ();
  char *value = g_key_file_get_string (key_file, GROUP, key, NULL);

  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static void
save_key_file (GKeyFile *key_file)
{
  g_autofree char *path = sl_settings_get_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_key_file_save_to_file (key_file, path, &error))
    g_warning ("Could not save settings to %s: %s", path,
               error != NULL ? error->message : g_strerror (errno));
}

void
sl_settings_set_string (const char *key,
                        const char *value)
{
  g_autoptr(GKeyFile) key_file = load_key_file ();

  g_return_if_fail (key != NULL);

  g_key_file_set_string (key_file, GROUP, key, value != NULL ? value : "");
  save_key_file (key_file);
}

#define RECENT_KEY "recent-catalogs"
#define MAX_RECENT 8

char **
sl_settings_get_recent (void)
{
  g_autoptr(GKeyFile) key_file = load_key_file ();
  char **recent = g_key_file_get_string_list (key_file, GROUP, RECENT_KEY, NULL, NULL);

  return recent != NULL ? recent : g_new0 (char *, 1);
}

void
sl_settings_add_recent (const char *path)
{
  g_auto(GStrv) old = sl_settings_get_recent ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GKeyFile) key_file = load_key_file ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  g_return_if_fail (path != NULL);

  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    if (g_strcmp0 (old[i], path) != 0)
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  g_key_file_set_string_list (key_file, GROUP, RECENT_KEY, (const char *const *) recent,
                              g_strv_length (recent));
  save_key_file (key_file);
}
