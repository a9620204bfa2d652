/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-pacs [N [RATE]]: N new instances (default 1000) are posted to a real Orthanc
 * (POST /instances) at RATE per second (default 10) while sightline-cli watch --json runs.
 * Prints how many were predicted (each exactly once?), the latency from the POST's answer (the
 * instance is stored) to the watcher's line (median, 95th percentile), the watcher's own
 * latency_ms, and the watcher's resident memory over the run. The files are made beforehand by
 * the server from the demo PNGs (so each has its own pixels) and deleted from it again. */
#include "sl-catalog-pacs.h"

#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include "sl-orthanc-fixture.h"
#include "sl-test-util.h"

typedef struct
{
  GDataInputStream *lines;
  GMutex lock;
  GArray *times;        /* real µs at which each line arrived */
  GPtrArray *texts;
} Reader;

static gpointer
read_lines (gpointer data)
{
  Reader *reader = data;
  char *line;

  while ((line = g_data_input_stream_read_line (reader->lines, NULL, NULL, NULL)) != NULL)
    {
      gint64 now = g_get_real_time ();

      g_mutex_lock (&reader->lock);
      g_array_append_val (reader->times, now);
      g_ptr_array_add (reader->texts, line);
      g_mutex_unlock (&reader->lock);
    }
  return NULL;
}

static guint
count_lines (Reader *reader)
{
  guint n;

  g_mutex_lock (&reader->lock);
  n = reader->times->len;
  g_mutex_unlock (&reader->lock);
  return n;
}

static long
rss_kib (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL)
      || (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return strtol (line + strlen ("VmRSS:"), NULL, 10);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint index = (guint) (p * (sorted->len - 1) + 0.5);

  return g_array_index (sorted, double, index);
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 1000;
  double rate = argc > 2 ? atof (argv[2]) : 10;
  g_autofree char *dir = g_dir_make_tmp ("sl-bench-pacs-XXXXXX", NULL);
  g_autofree char *model = g_build_filename (dir, "model.slm", NULL);
  g_autofree char *catalog_path = g_build_filename (dir, "watch.sightline", NULL);
  g_autoptr(GPtrArray) pngs = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) watcher = NULL;
  g_autoptr(GArray) stored = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GArray) end_to_end = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) own = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  Reader reader = { 0 };
  GThread *thread;
  SlOrthanc *orthanc;
  GPid pid;
  long rss_start = 0, rss_peak = 0, rss_end = 0;
  gint64 start, deadline, position;
  guint done;

  if (n == 0 || rate <= 0)
    {
      g_printerr ("usage: bench-pacs [N [RATE]]\n");
      return 2;
    }
  g_setenv ("SIGHTLINE_PACS_PASSWORD", SL_ORTHANC_PASSWORD, TRUE);
  pngs = sl_orthanc_demo_pngs ();
  g_assert_cmpuint (pngs->len, >=, n + 100);
  sl_pacs_train_tiny_model (dir, model);
  orthanc = sl_orthanc_start ();
  if (orthanc == NULL)
    {
      g_print ("Orthanc is not installed: nothing measured\n");
      return 0;
    }

  g_print ("making %u DICOM files from the demo PNGs...\n", n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (files, sl_orthanc_make_file (orthanc, g_ptr_array_index (pngs, 100 + i)));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  watcher = g_subprocess_launcher_spawn (launcher, &error, SL_CLI_PATH, "watch", "--catalog",
                                         catalog_path, "--model", model, "--pacs",
                                         orthanc->dicomweb_url, "--user", SL_ORTHANC_USER,
                                         "--json", NULL);
  g_assert_no_error (error);
  pid = atoi (g_subprocess_get_identifier (watcher));
  reader.lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (watcher));
  reader.times = g_array_new (FALSE, FALSE, sizeof (gint64));
  reader.texts = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&reader.lock);
  thread = g_thread_new ("lines", read_lines, &reader);

  /* started once it has taken its place in the change feed */
  for (deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;;)
    {
      g_autoptr(SlCatalog) probe = sl_catalog_open (catalog_path, NULL);

      if (probe != NULL && sl_catalog_watch_get_cursor (probe, orthanc->dicomweb_url, 1,
                                                        &position))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
    }
  rss_start = rss_peak = rss_kib (pid);

  g_print ("posting %u instances at %.0f/s to Orthanc while sightline-cli watch runs...\n", n,
           rate);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      gint64 due = start + (gint64) (i * G_USEC_PER_SEC / rate), now;
      long rss;

      while ((now = g_get_monotonic_time ()) < due)
        g_usleep (MIN (due - now, 5000));
      g_assert_cmpuint (sl_orthanc_post_bytes (orthanc, g_ptr_array_index (files, i)), ==, 200);
      now = g_get_real_time ();
      g_array_append_val (stored, now);
      if (i % 20 == 0 && (rss = rss_kib (pid)) > rss_peak)
        rss_peak = rss;
    }
  for (deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
       count_lines (&reader) < n && g_get_monotonic_time () < deadline;)
    g_usleep (50000);
  g_usleep (2 * G_USEC_PER_SEC);   /* anything doubled would come now */
  rss_end = rss_kib (pid);
  rss_peak = MAX (rss_peak, rss_end);
  g_subprocess_send_signal (watcher, SIGTERM);
  g_subprocess_wait (watcher, NULL, NULL);
  g_thread_join (thread);

  done = reader.times->len;
  for (guint i = 0; i < done; i++)
    {
      const char *line = g_ptr_array_index (reader.texts, i);
      const char *id = strstr (line, "\"image_id\":");
      const char *latency = strstr (line, "\"latency_ms\":");
      double ms;

      if (id != NULL)
        g_hash_table_add (images, g_strndup (id, strcspn (id, ",")));
      if (latency != NULL)
        {
          ms = g_ascii_strtod (latency + strlen ("\"latency_ms\":"), NULL);
          g_array_append_val (own, ms);
        }
      /* the watcher follows the feed in order: line i is the i-th instance stored */
      if (i < stored->len)
        {
          ms = (g_array_index (reader.times, gint64, i) - g_array_index (stored, gint64, i))
               / 1000.0;
          g_array_append_val (end_to_end, ms);
        }
    }
  g_array_sort (end_to_end, compare_doubles);
  g_array_sort (own, compare_doubles);

  catalog = sl_catalog_open (catalog_path, &error);
  g_assert_no_error (error);
  g_print ("instances stored %u, lines %u, distinct images %u\n", n, done,
           g_hash_table_size (images));
  g_print ("catalog: predicted %" G_GINT64_FORMAT ", pending %" G_GINT64_FORMAT
           ", skipped %" G_GINT64_FORMAT "\n",
           sl_catalog_watch_count (catalog, orthanc->dicomweb_url, 1, SL_WATCH_PREDICTED),
           sl_catalog_watch_count (catalog, orthanc->dicomweb_url, 1, SL_WATCH_PENDING),
           sl_catalog_watch_count (catalog, orthanc->dicomweb_url, 1, SL_WATCH_SKIPPED));
  g_print ("%s\n", done == n && g_hash_table_size (images) == n
                   ? "none missed, none doubled" : "MISSED OR DOUBLED");
  if (end_to_end->len > 0)
    g_print ("latency stored on server -> line printed: median %.0f ms, p95 %.0f ms, "
             "max %.0f ms\n", percentile (end_to_end, 0.5), percentile (end_to_end, 0.95),
             percentile (end_to_end, 1.0));
  if (own->len > 0)
    g_print ("watcher latency_ms (seen in feed -> stored): median %.0f ms, p95 %.0f ms\n",
             percentile (own, 0.5), percentile (own, 0.95));
  g_print ("watcher RSS: %ld KiB at start, %ld KiB peak, %ld KiB at end\n", rss_start, rss_peak,
           rss_end);

  g_object_unref (reader.lines);
  g_array_unref (reader.times);
  g_ptr_array_unref (reader.texts);
  g_mutex_clear (&reader.lock);
  sl_orthanc_stop (orthanc);
  sl_test_remove_tree (dir);
  return 0;
}
