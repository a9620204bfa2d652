/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "demo-data.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <stdio.h>
#include <string.h>

static int
cmp_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Sorted entry names of a folder, or NULL with a message when it cannot be read. */
static GPtrArray *
sorted_entries (const char *path)
{
  g_autoptr (GError) error = NULL;
  GDir *d = g_dir_open (path, 0, &error);
  GPtrArray *names;
  const char *name;

  if (!d)
    {
      fprintf (stderr, "%s\n", error->message);
      return NULL;
    }
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (d)))
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_ptr_array_sort (names, cmp_names);
  return names;
}

/* 3 for a colour PNG, 1 for gray (from the IHDR colour type), -1 when it is not a PNG. The
 * pixbuf loader expands gray to RGB, so the file itself has to say. */
static int
png_channels (const char *path)
{
  unsigned char head[26];
  FILE *f = fopen (path, "rb");
  size_t got = f ? fread (head, 1, sizeof head, f) : 0;

  if (f)
    fclose (f);
  if (got < sizeof head || memcmp (head + 1, "PNG", 3) != 0)
    return -1;
  return head[25] & 2 ? 3 : 1;
}

static int
load_image (const char *path, demo_split *out, GArray *xs)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) pb = gdk_pixbuf_new_from_file (path, &error);
  int c = png_channels (path), w, h, rs, nc;
  const guchar *px;

  if (!pb || c < 0)
    {
      fprintf (stderr, "%s: %s\n", path, pb ? "not a PNG file" : error->message);
      return -1;
    }
  w = gdk_pixbuf_get_width (pb);
  h = gdk_pixbuf_get_height (pb);
  if (out->n == 0)
    {
      out->c = c;
      out->h = h;
      out->w = w;
    }
  else if (c != out->c || h != out->h || w != out->w)
    {
      fprintf (stderr, "%s: %dx%dx%d, but the set's first image is %dx%dx%d\n", path, c, h, w,
               out->c, out->h, out->w);
      return -1;
    }
  rs = gdk_pixbuf_get_rowstride (pb);
  nc = gdk_pixbuf_get_n_channels (pb);
  px = gdk_pixbuf_read_pixels (pb);
  for (int ch = 0; ch < c; ch++)
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        {
          float v = px[y * rs + x * nc + ch] / 255.0f;

          g_array_append_val (xs, v);
        }
  out->n++;
  return 0;
}

int
demo_split_load (const char *dir, const char *split, demo_split *out)
{
  g_autofree char *train_dir = g_build_filename (dir, "train", NULL);
  g_autoptr (GPtrArray) classes = sorted_entries (train_dir);
  GArray *xs = g_array_new (FALSE, FALSE, sizeof (float));
  GArray *ys = g_array_new (FALSE, FALSE, sizeof (int));
  int status = 0;

  memset (out, 0, sizeof *out);
  for (guint k = 0; classes && k < classes->len && status == 0; k++)
    {
      g_autofree char *class_dir = g_build_filename (dir, split, classes->pdata[k], NULL);
      g_autoptr (GPtrArray) files = sorted_entries (class_dir);

      if (!files)
        status = -1;
      for (guint i = 0; files && i < files->len && status == 0; i++)
        {
          g_autofree char *path = g_build_filename (class_dir, files->pdata[i], NULL);
          int label = (int) k;

          status = load_image (path, out, xs);
          g_array_append_val (ys, label);
        }
    }
  out->n_classes = classes ? (int) classes->len : 0;
  out->x = (float *) g_array_free (xs, FALSE);
  out->y = (int *) g_array_free (ys, FALSE);
  if (status == 0 && out->n == 0)
    {
      fprintf (stderr, "%s: no images in the %s split\n", dir, split);
      status = -1;
    }
  return status;
}

void
demo_split_free (demo_split *s)
{
  g_free (s->x);
  g_free (s->y);
}
