/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "image-folders.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <stdio.h>
#include <string.h>

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The sorted names of the entries of path (directories only when dirs_only). */
static GPtrArray *
list_sorted (const char *path, gboolean dirs_only)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (path, 0, &error);
  GPtrArray *names;
  const char *name;

  if (!dir)
    {
      fprintf (stderr, "%s\n", error->message);
      return NULL;
    }
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *full = g_build_filename (path, name, NULL);

      if (!dirs_only || g_file_test (full, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  return names;
}

/* 3 for a colour or palette PNG, 1 for gray (the IHDR colour type), -1 when it is not a PNG.
 * The pixbuf loader expands gray to RGB, so the file itself has to say. */
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

/* Appends the image's pixels as (c, h, w); the first image sets the split's size. */
static int
append_image (const char *path, GArray *xs, image_split *out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) pb = gdk_pixbuf_new_from_file (path, &error);
  int c = png_channels (path), w, h, rs, nc;
  const guchar *px;
  size_t at;
  float *dst;

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
      fprintf (stderr, "%s: %dx%dx%d (channels x height x width), but the split's first image "
               "is %dx%dx%d\n", path, c, h, w, out->c, out->h, out->w);
      return -1;
    }
  rs = gdk_pixbuf_get_rowstride (pb);
  nc = gdk_pixbuf_get_n_channels (pb);
  px = gdk_pixbuf_read_pixels (pb);
  at = xs->len;
  g_array_set_size (xs, at + (size_t) c * h * w);
  dst = (float *) xs->data + at;
  for (int ch = 0; ch < c; ch++)
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        *dst++ = px[(size_t) y * rs + (size_t) x * nc + ch] / 255.0f;
  out->n++;
  return 0;
}

int
image_split_load (const char *dir, const char *split, image_split *out)
{
  g_autofree char *train = g_build_filename (dir, "train", NULL);
  g_autofree char *root = g_build_filename (dir, split, NULL);
  g_autoptr (GPtrArray) classes = NULL;
  GArray *xs = g_array_new (FALSE, FALSE, sizeof (float));
  GArray *ys = g_array_new (FALSE, FALSE, sizeof (int));

  memset (out, 0, sizeof *out);
  classes = list_sorted (train, TRUE);
  if (!classes || classes->len < 2)
    {
      if (classes)
        fprintf (stderr, "%s: needs at least two class folders\n", train);
      goto fail;
    }
  for (guint k = 0; k < classes->len; k++)
    {
      g_autofree char *class_dir = g_build_filename (root, classes->pdata[k], NULL);
      g_autoptr (GPtrArray) files = list_sorted (class_dir, FALSE);

      if (!files)
        goto fail;
      for (guint i = 0; i < files->len; i++)
        {
          g_autofree char *path = g_build_filename (class_dir, files->pdata[i], NULL);
          int label = (int) k;

          if (!g_str_has_suffix (path, ".png"))
            continue;
          if (append_image (path, xs, out) < 0)
            goto fail;
          g_array_append_val (ys, label);
        }
    }
  out->n_classes = classes->len;
  out->x = (float *) g_array_free (xs, FALSE);
  out->y = (int *) g_array_free (ys, FALSE);
  if (out->n == 0)
    {
      fprintf (stderr, "%s: no PNG images\n", root);
      image_split_free (out);
      return -1;
    }
  return 0;

fail:
  g_array_free (xs, TRUE);
  g_array_free (ys, TRUE);
  return -1;
}

void
image_split_free (image_split *s)
{
  g_free (s->x);
  g_free (s->y);
  memset (s, 0, sizeof *s);
}
