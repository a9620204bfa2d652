/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The bundled PneumoniaMNIST demo set, read through labels.csv (path,split,label). */

typedef struct
{
  float *x;  /* (n, 1, h, w), 0..1 */
  int *y;    /* 0 normal, 1 pneumonia */
  int n, h, w;
} demo_split;

/* Loads one split ("train", "val", "test") from dir; 0 or -1 with a message on stderr. */
int  demo_split_load (const char *dir, const char *split, demo_split *out);
void demo_split_free (demo_split *s);
