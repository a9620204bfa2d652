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

/* Appends the image's pixels as (3, h, w); *gray stays TRUE while every pixel has R = G = B. */
static int
append_image (const char *path, GArray *xs, image_split *out, gboolean *gray)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) pb = gdk_pixbuf_new_from_file (path, &error);
  int w, h, rs, nc;
  const guchar *px;
  size_t at;
  float *dst;

  if (!pb)
    {
      fprintf (stderr, "%s: %s\n", path, error->message);
      return -1;
    }
  w = gdk_pixbuf_get_width (pb);
  h = gdk_pixbuf_get_height (pb);
  if (out->w && (w != out->w || h != out->h))
    {
      fprintf (stderr, "%s: %dx%d pixels where the other images have %dx%d\n", path, w, h,
               out->w, out->h);
      return -1;
    }
  out->w = w;
  out->h = h;
  rs = gdk_pixbuf_get_rowstride (pb);
  nc = gdk_pixbuf_get_n_channels (pb);
  px = gdk_pixbuf_read_pixels (pb);
  at = xs->len;
  g_array_set_size (xs, at + 3 * (size_t) h * w);
  dst = (float *) xs->data + at;
  for (int c = 0; c < 3; c++)
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        {
          const guchar *p = px + (size_t) y * rs + (size_t) x * nc;

          if (nc >= 3 && (p[1] != p[0] || p[2] != p[0]))
            *gray = FALSE;
          *dst++ = p[nc >= 3 ? c : 0] / 255.0f;
        }
  return 0;
}

int
image_split_load (const char *dir, const char *split, image_split *out)
{
  g_autofree char *root = g_build_filename (dir, split, NULL);
  g_autoptr (GPtrArray) classes = NULL;
  GArray *xs = g_array_new (FALSE, FALSE, sizeof (float));
  GArray *ys = g_array_new (FALSE, FALSE, sizeof (int));
  gboolean gray = TRUE;

  memset (out, 0, sizeof *out);
  classes = list_sorted (root, TRUE);
  if (!classes || classes->len < 2)
    {
      if (classes)
        fprintf (stderr, "%s: needs at least two class folders\n", root);
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
          if (append_image (path, xs, out, &gray) < 0)
            goto fail;
          g_array_append_val (ys, label);
        }
    }
  out->n = ys->len;
  out->n_classes = classes->len;
  out->c = 3;
  if (gray)
    {
      /* keep the first of the three identical planes of each image */
      const size_t hw = (size_t) out->h * out->w;
      float *x = (float *) xs->data;

      for (int i = 0; i < out->n; i++)
        memmove (x + i * hw, x + 3 * i * hw, sizeof (float) * hw);
      out->c = 1;
    }
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
