/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Axis ticks, the one algorithm of the widgets and the PDF report: a "nice" step (1, 2 or 5
 * × 10^k) giving about target intervals over [lo, hi], and the range rounded out to it. */
typedef struct
{
  double min;
  double max;
  double step;
} SlTicks;

/* whole_numbers: a step of at least 1 and whole (epochs). An empty or inverted range is
 * widened or swapped; a range that is not finite becomes [0, 1]. */
void   sl_ticks_compute (SlTicks       *ticks,
                         double         lo,
                         double         hi,
                         int            target,
                         gboolean       whole_numbers);
/* Number of ticks (intervals + 1) and the value of tick i. */
int    sl_ticks_count   (const SlTicks *ticks);
double sl_ticks_value   (const SlTicks *ticks,
                         int            i);
/* A tick label with as many decimals as the step needs (at most 6), "0" rather than "-0". */
char  *sl_ticks_format  (const SlTicks *ticks,
                         double         value);

G_END_DECLS
