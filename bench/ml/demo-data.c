/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "demo-data.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <stdio.h>
#include <string.h>

int
demo_split_load (const char *dir, const char *split, demo_split *out)
{
  g_autofree char *csv_path = g_build_filename (dir, "labels.csv", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GArray *xs = g_array_new (FALSE, FALSE, sizeof (float));
  GArray *ys = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (GError) error = NULL;

  memset (out, 0, sizeof *out);
  if (!g_file_get_contents (csv_path, &text, NULL, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return -1;
    }
  lines = g_strsplit (text, "\n", -1);
  for (int i = 1; lines[i]; i++)
    {
      g_auto (GStrv) f = g_strsplit (g_strstrip (lines[i]), ",", 3);
      g_autofree char *path = NULL;
      g_autoptr (GdkPixbuf) pb = NULL;
      int label, rs, nc;
      const guchar *px;

      if (g_strv_length (f) != 3 || strcmp (f[1], split) != 0)
        continue;
      label = strcmp (f[2], "pneumonia") == 0;
      path = g_build_filename (dir, f[0], NULL);
      pb = gdk_pixbuf_new_from_file (path, &error);
      if (!pb)
        {
          fprintf (stderr, "%s\n", error->message);
          return -1;
        }
      out->w = gdk_pixbuf_get_width (pb);
      out->h = gdk_pixbuf_get_height (pb);
      rs = gdk_pixbuf_get_rowstride (pb);
      nc = gdk_pixbuf_get_n_channels (pb);
      px = gdk_pixbuf_read_pixels (pb);
      for (int y = 0; y < out->h; y++)
        for (int x = 0; x < out->w; x++)
          {
            float v = px[y * rs + x * nc] / 255.0f;

            g_array_append_val (xs, v);
          }
      g_array_append_val (ys, label);
    }
  out->n = ys->len;
  out->x = (float *) g_array_free (xs, FALSE);
  out->y = (int *) g_array_free (ys, FALSE);
  return out->n > 0 ? 0 : -1;
}

void
demo_split_free (demo_split *s)
{
  g_free (s->x);
  g_free (s->y);
}
