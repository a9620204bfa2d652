/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "sl-ticks.h"

typedef struct
{
  double lo, hi;
  int target;
  gboolean whole;
  double min, max, step;
  const char *first_label, *last_label;
} Case;

/* Each row worked out by hand: step = the 1, 2, 5 × 10^k nearest (hi - lo) / target, the range
 * rounded out to whole steps. */
static const Case cases[] = {
  { 0, 1, 5, FALSE, 0, 1, 0.2, "0.0", "1.0" },
  { 0.37, 0.93, 5, FALSE, 0.3, 1.0, 0.1, "0.3", "1.0" },
  { 1, 30, 6, FALSE, 0, 30, 5, "0", "30" },
  { -2.5, 7.5, 5, FALSE, -4, 8, 2, "-4", "8" },
  { 0, 12000, 5, FALSE, 0, 12000, 2000, "0", "12000" },
  { 0, 0.0031, 5, FALSE, 0, 0.0035, 0.0005, "0.0000", "0.0035" },
  { 1, 0, 5, FALSE, 0, 1, 0.2, "0.0", "1.0" },              /* inverted */
  { 0, 0, 5, FALSE, -0.6, 0.6, 0.2, "-0.6", "0.6" },        /* empty at zero */
  { 5, 5, 5, FALSE, 4.4, 5.6, 0.2, "4.4", "5.6" },          /* empty elsewhere */
  { NAN, 3, 5, FALSE, 0, 1, 0.2, "0.0", "1.0" },            /* not finite */
  { 1, 3, 5, TRUE, 1, 3, 1, "1", "3" },                     /* epochs: never 0.5 */
  { 1, 30, 5, TRUE, 0, 30, 5, "0", "30" },
  { 4, 4, 5, TRUE, 3, 5, 1, "3", "5" },
};

static void
test_hand_checked (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      SlTicks ticks;
      g_autofree char *first = NULL, *last = NULL;
      int n;

      g_test_message ("case %u: [%g, %g] target %d", i, c->lo, c->hi, c->target);
      sl_ticks_compute (&ticks, c->lo, c->hi, c->target, c->whole);
      g_assert_cmpfloat_with_epsilon (ticks.step, c->step, c->step * 1e-9);
      g_assert_cmpfloat_with_epsilon (ticks.min, c->min, c->step * 1e-9);
      g_assert_cmpfloat_with_epsilon (ticks.max, c->max, c->step * 1e-9);
      n = sl_ticks_count (&ticks);
      g_assert_cmpint (n, ==, (int) round ((c->max - c->min) / c->step) + 1);
      g_assert_cmpfloat_with_epsilon (sl_ticks_value (&ticks, n - 1), c->max, c->step * 1e-9);
      first = sl_ticks_format (&ticks, sl_ticks_value (&ticks, 0));
      last = sl_ticks_format (&ticks, sl_ticks_value (&ticks, n - 1));
      g_assert_cmpstr (first, ==, c->first_label);
      g_assert_cmpstr (last, ==, c->last_label);
    }
}

static void
test_format_zero (void)
{
  SlTicks ticks;
  g_autofree char *zero = NULL, *middle = NULL;

  /* -0.6 + 3 × 0.2 is -1.1e-16 in floating point: the label must read 0.0, not -0.0 */
  sl_ticks_compute (&ticks, -0.5, 0.5, 5, FALSE);
  zero = sl_ticks_format (&ticks, sl_ticks_value (&ticks, 3));
  g_assert_cmpstr (zero, ==, "0.0");
  middle = sl_ticks_format (&ticks, sl_ticks_value (&ticks, 1));
  g_assert_cmpstr (middle, ==, "-0.4");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/widgets/plot-ticks/hand-checked", test_hand_checked);
  g_test_add_func ("/sightline/widgets/plot-ticks/format-zero", test_format_zero);
  return g_test_run ();
}
