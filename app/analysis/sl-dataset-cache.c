/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-dataset-cache.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Bumped whenever sl_model_input_from_image () changes what it produces. */
#define CACHE_MAGIC "sightline-inputs 1\n"
#define KEY_LEN 64

char *
sl_dataset_cache_key (SlCatalog  *catalog,
                      GArray     *ids,
                      int         channels,
                      int         width,
                      int         height,
                      GError    **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *shape = g_strdup_printf ("%s%d %d %d %u\n", CACHE_MAGIC, channels, width,
                                            height, ids->len);

  g_checksum_update (checksum, (const guchar *) shape, -1);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(SlImageInfo) info = sl_catalog_get_image_info (catalog, id, error);
      g_autofree char *line = NULL;

      if (info == NULL)
        return NULL;
      line = g_strdup_printf ("%" G_GINT64_FORMAT " %s\n", id, info->sha256);
      g_checksum_update (checksum, (const guchar *) line, -1);
    }
  return g_strdup (g_checksum_get_string (checksum));
}

char *
sl_dataset_cache_path (SlCatalog *catalog,
                       SlSplit    split,
                       int        channels,
                       int        width,
                       int        height)
{
  const char *name = sl_split_to_string (split);

  return g_strdup_printf ("%s.%s-%dx%dx%d.inputs", sl_catalog_get_path (catalog),
                          name != NULL ? name : "all", channels, height, width);
}

gboolean
sl_dataset_cache_read (const char     *path,
                       const char     *key,
                       int             n_ids,
                       gsize           sample,
                       const gboolean *keep,
                       guint8         *x)
{
  char header[sizeof CACHE_MAGIC + KEY_LEN + 1] = "";
  g_autofree char *expected = g_strdup_printf ("%s%s\n", CACHE_MAGIC, key);
  FILE *file = g_fopen (path, "rb");
  gboolean ok;
  gsize n = 0;

  if (file == NULL)
    return FALSE;
  ok = fread (header, 1, strlen (expected), file) == strlen (expected)
       && memcmp (header, expected, strlen (expected)) == 0;
  for (int i = 0; ok && i < n_ids; i++)
    if (keep[i])
      ok = fread (x + n++ * sample, 1, sample, file) == sample;
    else
      ok = fseek (file, (long) sample, SEEK_CUR) == 0;
  /* the file must end here: a longer one is not ours */
  ok = ok && fgetc (file) == EOF;
  fclose (file);
  return ok;
}

gboolean
sl_dataset_cache_write (const char   *path,
                        const char   *key,
                        int           n_ids,
                        gsize         sample,
                        const guint8 *x)
{
  g_autofree char *tmp = g_strdup_printf ("%s.XXXXXX", path);
  int fd = g_mkstemp (tmp);
  FILE *file;
  gboolean ok;

  if (fd < 0)
    return FALSE;
  file = fdopen (fd, "wb");
  if (file == NULL)
    {
      close (fd);
      g_unlink (tmp);
      return FALSE;
    }
  ok = fprintf (file, "%s%s\n", CACHE_MAGIC, key) > 0
       && fwrite (x, sample, n_ids, file) == (gsize) n_ids;
  ok = fclose (file) == 0 && ok;
  if (!ok || g_rename (tmp, path) != 0)
    {
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}
