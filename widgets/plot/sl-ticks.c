/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-ticks.h"

#include <math.h>

/* The nice number (1, 2, 5 × 10^k) closest to value. */
static double
nice_number (double value)
{
  double exponent = floor (log10 (value));
  double fraction = value / pow (10, exponent);
  double nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;

  return nice * pow (10, exponent);
}

void
sl_ticks_compute (SlTicks  *ticks,
                  double    lo,
                  double    hi,
                  int       target,
                  gboolean  whole_numbers)
{
  if (!isfinite (lo) || !isfinite (hi))
    lo = 0, hi = 1;
  if (hi < lo)
    {
      double t = lo;

      lo = hi;
      hi = t;
    }
  if (hi - lo < 1e-12 * MAX (1.0, fabs (hi)))
    {
      double pad = whole_numbers ? 1 : lo == 0 ? 0.5 : fabs (lo) * 0.1;

      lo -= pad;
      hi += pad;
    }
  ticks->step = nice_number ((hi - lo) / MAX (target, 1));
  if (whole_numbers)
    ticks->step = MAX (1, round (ticks->step));
  ticks->min = floor (lo / ticks->step + 1e-9) * ticks->step;
  ticks->max = ceil (hi / ticks->step - 1e-9) * ticks->step;
}

int
sl_ticks_count (const SlTicks *ticks)
{
  return (int) round ((ticks->max - ticks->min) / ticks->step) + 1;
}

double
sl_ticks_value (const SlTicks *ticks,
                int            i)
{
  return ticks->min + i * ticks->step;
}

char *
sl_ticks_format (const SlTicks *ticks,
                 double         value)
{
  int decimals = MAX (0, (int) -floor (log10 (ticks->step) + 1e-9));

  if (fabs (value) < ticks->step * 1e-6)
    value = 0;
  return g_strdup_printf ("%.*f", MIN (decimals, 6), value);
}
