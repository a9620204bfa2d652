/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A dataset laid out as DIR/<split>/<class>/<image>.png (classes in name order, the same in
 * every split), decoded as it is: colour stays RGB, a set whose pixels are all gray is read
 * as one channel. */

typedef struct
{
  float *x;  /* (n, c, h, w), 0..1 */
  int *y;    /* class index */
  int n, c, h, w, n_classes;
} image_split;

/* Loads DIR/split; 0, or -1 with a message on stderr naming the file and the reason. */
int  image_split_load (const char *dir, const char *split, image_split *out);
void image_split_free (image_split *s);
