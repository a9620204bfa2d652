/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A labelled image set laid out as DIR/{train,val,test}/<class>/NAME.png (the bundled demo set
 * and the shared benchmark sets), read at its own size. Classes are the train split's folder
 * names in sorted order, the same in every split. Channels are what the files declare, as the
 * PyTorch peer reads them: a gray PNG gives 1 channel, a colour or palette PNG 3 (RGB). */

typedef struct
{
  float *x;  /* (n, c, h, w), 0..1 */
  int *y;    /* class index */
  int n, c, h, w, n_classes;
} image_split;

/* Loads one split ("train", "val", "test") of dir; 0, or -1 with a message on stderr naming
 * the file and the reason. Every image must have the first image's size and channel count. */
int  image_split_load (const char *dir, const char *split, image_split *out);
void image_split_free (image_split *s);
