/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A network's activations take memory only where a pass writes them: creating a net for batches
 * of 64 at 128 px and training it on 2 images leaves most of its activation space untouched (a
 * replica, or the master net's unused share of a batch, costs nothing). Linux: reads
 * /proc/self/statm. */
#include <glib.h>
#include <stdio.h>
#include <unistd.h>

#include "sl-layers.h"
#include "sl-net-private.h"

static double
resident_mb (void)
{
  FILE *f = fopen ("/proc/self/statm", "r");
  long size = 0, resident = 0;

  g_assert_nonnull (f);
  g_assert_cmpint (fscanf (f, "%ld %ld", &size, &resident), ==, 2);
  fclose (f);
  return resident * (double) sysconf (_SC_PAGESIZE) / (1024 * 1024);
}

static void
test_untouched_activations (void)
{
  const char *arch = "conv3:32,bn,relu,maxpool2,conv3:64,bn,relu,maxpool2,conv3:128,bn,relu,gap,"
                     "fc:2";
  const int n = 2, y[2] = { 0, 1 };
  char err[256];
  double before = resident_mb (), created, trained, mapped;
  sl_net *net = sl_net_create (arch, 1, 128, 128, 64, 1, err, sizeof err);
  float *x = g_new0 (float, (size_t) n * 128 * 128);

  g_assert_nonnull (net);
  mapped = net->n_acts * sizeof (float) / (1024.0 * 1024.0);
  created = resident_mb ();
  for (int i = 0; i < n * 128 * 128; i++)
    x[i] = (float) (i % 251) / 251;
  sl_net_load_input (net, x, n);
  sl_softmax_xent (2, n, sl_net_forward (net, n, 1), y, NULL, 0, net->probs, net->dlogits);
  sl_net_backward (net, n, net->dlogits, -1);
  trained = resident_mb ();
  g_test_message ("activations mapped %.0f MB; resident +%.1f MB after creating, +%.1f MB after "
                  "a training step on %d images", mapped, created - before, trained - before, n);
  g_assert_cmpfloat (mapped, >, 500);
  g_assert_cmpfloat (created - before, <, 16);
  g_assert_cmpfloat (trained - before, <, mapped / 8);
  sl_net_free (net);
  g_free (x);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sightline/ml/net-memory/untouched-activations", test_untouched_activations);
  return g_test_run ();
}
