/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main loop's longest stall while the user works: scrolling the browse grid of a
 * 100,000-image catalog (fast flings and jumps), and the window idle and scrolled while a
 * training job runs. A 1 ms timer at high priority records the gaps between its dispatches;
 * the longest gap minus the period is the stall. Target: < 20 ms. On a loaded machine the gaps
 * also hold time the thread waited for a CPU, so the main thread's own CPU time between two
 * ticks is printed too ("busy"): the part of a stall that is the app's work.
 *   bench-gui [N_IMAGES]    (default 100000; run under tests/xvfb-run-test.sh) */
#include "config.h"

#include <time.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "sl-browse-view.h"
#include "sl-data-dirs.h"
#include "sl-importer.h"
#include "sl-train-page.h"
#include "sl-window.h"

typedef struct
{
  gint64 last;
  gint64 last_cpu;
  gint64 worst;
  gint64 worst_cpu;
  GArray *gaps;     /* gint64 µs */
} Probe;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
probe_cb (gpointer data)
{
  Probe *probe = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (probe->last > 0)
    {
      gint64 gap = now - probe->last;

      probe->worst = MAX (probe->worst, gap);
      probe->worst_cpu = MAX (probe->worst_cpu, cpu - probe->last_cpu);
      g_array_append_val (probe->gaps, gap);
    }
  probe->last = now;
  probe->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static void
probe_start (Probe *probe)
{
  probe->last = 0;
  probe->worst = 0;
  probe->worst_cpu = 0;
  g_array_set_size (probe->gaps, 0);
}

static int
compare_gaps (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
probe_report (Probe      *probe,
              const char *what)
{
  double p99 = 0;

  if (probe->gaps->len > 0)
    {
      g_array_sort (probe->gaps, compare_gaps);
      p99 = g_array_index (probe->gaps, gint64, probe->gaps->len * 99 / 100) / 1000.0;
    }
  g_print ("%-42s longest stall %6.1f ms (busy %5.1f ms)   p99 gap %5.1f ms   (%u samples)\n",
           what, MAX (probe->worst / 1000.0 - 1, 0), probe->worst_cpu / 1000.0, p99,
           probe->gaps->len);
}

static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (200), TRUE);
}

/* 100,000 tiny distinct images in one transaction. */
static char *
make_catalog (const char *dir,
              guint       n)
{
  g_autofree char *path = g_build_filename (dir, "big.sightline", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = sl_catalog_open (path, &error);
  gint64 normal, abnormal;
  gint64 t0 = g_get_monotonic_time ();

  g_assert_no_error (error);
  normal = sl_catalog_ensure_class (catalog, "normal", &error);
  abnormal = sl_catalog_ensure_class (catalog, "abnormal", &error);
  g_assert_true (sl_catalog_begin (catalog, &error));
  for (guint i = 0; i < n; i++)
    {
      guint8 pixels[16 * 16];
      g_autoptr(SlImage) image = NULL;
      g_autofree char *sha = NULL;
      g_autofree char *name = g_strdup_printf ("gen/%06u.png", i);
      gint64 id;

      for (int p = 0; p < 16 * 16; p++)
        pixels[p] = (guint8) ((p * 7 + i * 13 + (p / 16) * (i % 17)) & 0xff);
      pixels[0] = i & 0xff;
      pixels[1] = (i >> 8) & 0xff;
      pixels[2] = (i >> 16) & 0xff;
      image = sl_image_new (16, 16, 1, SL_SAMPLE_U8, g_bytes_new (pixels, sizeof pixels));
      image->bits = 8;
      image->format = g_strdup ("png");
      sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, pixels, sizeof pixels);
      id = sl_catalog_add_image (catalog, image, sha, name, NULL, &error);
      g_assert_no_error (error);
      if (i % 3 != 0)
        g_assert_true (sl_catalog_set_label (catalog, id, i % 3 == 1 ? normal : abnormal, "bench", &error));
    }
  g_assert_true (sl_catalog_commit (catalog, &error));
  g_print ("generated %u images in %.1f s\n", n, (g_get_monotonic_time () - t0) / 1e6);
  return g_steal_pointer (&path);
}

static void
scroll_grid (SlWindow *window,
             Probe    *probe,
             guint     n_images)
{
  SlBrowseView *browse = SL_BROWSE_VIEW (gtk_paned_get_start_child (
    GTK_PANED (sl_window_get_page (window, "browse"))));
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (sl_browse_view_get_scrolled_window (browse));
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  /* Flings: 40 px per 8 ms for 4 s, like a fast wheel or touchpad scroll. */
  probe_start (probe);
  for (int step = 0; step < 500; step++)
    {
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + 40);
      run_for (8);
    }
  probe_report (probe, "scroll: fling 5 px/ms for 4 s");

  /* Jumps: the scrollbar dragged to random places, 60 times. */
  probe_start (probe);
  for (int step = 0; step < 60; step++)
    {
      double upper = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

      gtk_adjustment_set_value (adj, g_rand_double_range (rand, 0, MAX (upper, 1)));
      run_for (50);
    }
  probe_report (probe, "scroll: 60 jumps to random rows");

  /* Selection moves with labeling through the whole visible range. */
  probe_start (probe);
  for (int step = 0; step < 200; step++)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.label", "i", step % 2);
      run_for (10);
    }
  probe_report (probe, "labeling: 200 labels, 10 ms apart");
  g_print ("(%u images in the grid)\n", n_images);
}

/* Search, select all, one bulk label of everything and its undo: each timed on its own (they
 * run on the main loop, so each is one stall of that length). */
static void
bulk_work (SlWindow *window,
           guint     n_images)
{
  SlBrowseView *browse = SL_BROWSE_VIEW (gtk_paned_get_start_child (
    GTK_PANED (sl_window_get_page (window, "browse"))));
  SlSearchBar *bar = sl_browse_view_get_search_bar (browse);
  GListModel *list = G_LIST_MODEL (sl_window_get_image_list (window));
  GListModel *toplevels;
  GtkDialog *dialog = NULL;
  gint64 t0;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  t0 = g_get_monotonic_time ();
  gtk_editable_set_text (sl_search_bar_get_entry (bar), "00012");
  g_signal_emit_by_name (sl_search_bar_get_entry (bar), "search-changed");
  g_print ("search \"00012\": %u matches in %.1f ms\n", g_list_model_get_n_items (list),
           (g_get_monotonic_time () - t0) / 1e3);
  run_for (200);
  t0 = g_get_monotonic_time ();
  sl_search_bar_close (bar);
  g_print ("closing the search (%u images back): %.1f ms\n", g_list_model_get_n_items (list),
           (g_get_monotonic_time () - t0) / 1e3);
  run_for (200);

  t0 = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-all", NULL);
  g_print ("select all %u: %.1f ms\n", sl_browse_view_get_n_selected (browse),
           (g_get_monotonic_time () - t0) / 1e3);
  run_for (200);
  /* so many images: the window asks first */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.label", "i", 0);
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (toplevel))
        dialog = GTK_DIALOG (toplevel);
    }
  g_assert_nonnull (dialog);
  t0 = g_get_monotonic_time ();
  gtk_dialog_response (dialog, GTK_RESPONSE_ACCEPT);
  g_print ("label the %u selected images: %.1f ms\n", n_images,
           (g_get_monotonic_time () - t0) / 1e3);
  run_for (200);
  t0 = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_print ("undo it: %.1f ms\n", (g_get_monotonic_time () - t0) / 1e3);
  run_for (200);
}

static gboolean
training_done (SlTrainPage *train)
{
  return !sl_train_page_get_running (train);
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *demo = NULL;
  g_autoptr(SlApplication) app = NULL;
  Probe probe = { 0 };
  SlWindow *window;
  SlTrainPage *train;
  gint64 t0;

  gtk_init ();
  probe.gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  dir = g_dir_make_tmp ("sl-bench-gui-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", dir, TRUE);
  path = make_catalog (dir, n);

  app = sl_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = sl_window_new (app);
  sl_window_set_annotator (window, "bench");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  t0 = g_get_monotonic_time ();
  g_assert_true (sl_window_open_catalog (window, path, &error));
  g_print ("opening the catalog in the window: %.1f ms\n", (g_get_monotonic_time () - t0) / 1e3);
  gtk_window_present (GTK_WINDOW (window));
  run_for (1000);
  g_timeout_add_full (G_PRIORITY_HIGH, 1, probe_cb, &probe, NULL);

  probe_start (&probe);
  run_for (2000);
  probe_report (&probe, "idle window");
  scroll_grid (window, &probe, n);
  bulk_work (window, n);

  /* Training on the demo set in the background while the grid scrolls. */
  if (g_getenv ("SL_BENCH_NO_TRAINING") != NULL)
    goto done;
  demo = g_build_filename (dir, "demo.sightline", NULL);
  {
    g_autoptr(SlCatalog) catalog = sl_catalog_open (demo, &error);
    g_autoptr(SlImporter) importer = sl_importer_new (catalog);
    g_autofree char *labels = g_build_filename (sl_data_dirs_demo (), "labels.csv", NULL);
    SlImportStats stats;

    sl_importer_add_path (importer, sl_data_dirs_demo ());
    g_assert_true (sl_importer_set_labels_csv (importer, labels, &error));
    g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
  }
  g_assert_true (sl_window_open_catalog (window, demo, &error));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "train");
  train = SL_TRAIN_PAGE (sl_window_get_page (window, "train"));
  sl_train_page_set_epochs (train, 2);
  run_for (500);
  probe_start (&probe);
  sl_train_page_start (train);
  run_for (8000);
  probe_report (&probe, "training: train view, chart updating, 8 s");
  probe_start (&probe);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "browse");
  run_for (500);
  probe_report (&probe, "training: switch to the browse view");
  scroll_grid (window, &probe, 5827);
  g_print ("waiting for the training job to end…\n");
  while (!training_done (train))
    g_main_context_iteration (NULL, TRUE);

done:
  gtk_window_destroy (GTK_WINDOW (window));
  run_for (100);
  g_array_unref (probe.gaps);
  {
    const char *files[] = { "big.sightline", "big.sightline-wal", "big.sightline-shm",
                            "demo.sightline", "demo.sightline-wal", "demo.sightline-shm",
                            "sightline/settings.ini", "sightline" };

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *file = g_build_filename (dir, files[i], NULL);

        g_remove (file);
      }
    g_rmdir (dir);
  }
  return 0;
}
