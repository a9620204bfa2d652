/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A labelled image set laid out as DIR/{train,val,test}/<class>/NAME.png (the bundled demo set and
 * the shared benchmark sets). Classes are the train split's folder names in sorted order
 * (normal = 0, pneumonia = 1 for the demo set). Gray PNGs give 1 channel, colour PNGs 3. */

typedef struct
{
  float *x;  /* (n, c, h, w), 0..1 */
  int *y;    /* class index */
  int n, c, h, w;
  int n_classes;
} demo_split;

/* Loads one split ("train", "val", "test") from dir; 0 or -1 with a message naming the file on
 * stderr. Every image must have the first image's size and channel count. */
int  demo_split_load (const char *dir, const char *split, demo_split *out);
void demo_split_free (demo_split *s);
