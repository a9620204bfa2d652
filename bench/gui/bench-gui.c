/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main loop's longest stall while the user works: scrolling the browse grid of a
 * 100,000-image catalog (fast flings and jumps), and the window idle and scrolled while a
 * training job runs. A 1 ms timer at high priority records the gaps between its dispatches;
 * the longest gap minus the period is the stall. Target: < 20 ms. On a loaded machine the gaps
 * also hold time the thread waited for a CPU, so the main thread's own CPU time between two
 * ticks is printed too ("busy"): the part of a stall that is the app's work; and the main
 * thread's CPU time over the whole phase, the least disturbed figure.
 * First a catalog of ordinary images with one 20,000 × 20,000 PNG among them (imported with a
 * 400 Mpx budget) is scrolled past and the large image shown in the viewer (target: < 100 ms,
 * with the window's peak RSS); then the N_IMAGES catalog is scrolled, and scrolled again while
 * a training job on it runs. Between the two, bulk work on all the images (search, select all,
 * one label of everything stored on a worker, its undo). SL_BENCH_NO_LARGE and
 * SL_BENCH_NO_TRAINING skip those parts.
 *   bench-gui [N_IMAGES]    (default 100000; run under tests/xvfb-run-test.sh) */
#include "config.h"

#include <png.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "sl-browse-view.h"
#include "sl-importer.h"
#include "sl-train-page.h"
#include "sl-window.h"
#include "sl-workspace.h"

typedef struct
{
  gint64 last;
  gint64 last_cpu;
  gint64 worst;
  gint64 worst_cpu;
  gint64 start_cpu;
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
  probe->start_cpu = thread_cpu_us ();
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
  g_print ("%-42s longest stall %6.1f ms (busy %5.1f ms)   p99 gap %5.1f ms   (%u samples, "
           "main thread CPU %.0f ms)\n",
           what, MAX (probe->worst / 1000.0 - 1, 0), probe->worst_cpu / 1000.0, p99,
           probe->gaps->len, (thread_cpu_us () - probe->start_cpu) / 1000.0);
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
  g_assert_true (sl_catalog_make_split (catalog, 0.1, 0.1, 1, FALSE, &error));
  g_assert_true (sl_catalog_commit (catalog, &error));
  g_print ("generated %u images in %.1f s\n", n, (g_get_monotonic_time () - t0) / 1e6);
  return g_steal_pointer (&path);
}

/* The bench's scratch folder: catalogs, the training's cached inputs, the settings. */
static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

/* The browse grid's vertical scrolling. */
static GtkAdjustment *
grid_adjustment (SlWindow *window)
{
  SlBrowseView *browse = SL_BROWSE_VIEW (gtk_paned_get_start_child (
    GTK_PANED (sl_window_get_page (window, "browse"))));

  return gtk_scrolled_window_get_vadjustment (sl_browse_view_get_scrolled_window (browse));
}

static void
scroll_grid (SlWindow *window,
             Probe    *probe,
             guint     n_images)
{
  GtkAdjustment *adj = grid_adjustment (window);
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

static void
wait_stored (SlWindow *window)
{
  while (sl_workspace_is_changing (sl_window_get_workspace (window)))
    run_for (5);
  run_for (50);
}

/* Search, select all, one bulk label of everything and its undo, then one image clicked: the
 * longest stall during each and how long each took (the labels are stored on a worker: until
 * the window showed them). */
static void
bulk_work (SlWindow *window,
           Probe    *probe,
           guint     n_images)
{
  SlBrowseView *browse = SL_BROWSE_VIEW (gtk_paned_get_start_child (
    GTK_PANED (sl_window_get_page (window, "browse"))));
  SlSearchBar *bar = sl_browse_view_get_search_bar (browse);
  GListModel *list = G_LIST_MODEL (sl_window_get_image_list (window));
  GListModel *toplevels;
  GtkDialog *dialog = NULL;
  g_autofree char *what = NULL;
  gint64 t0;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  run_for (100);
  probe_start (probe);
  run_for (20);   /* the probe ticking when the work starts */
  t0 = g_get_monotonic_time ();
  gtk_editable_set_text (sl_search_bar_get_entry (bar), "00012");
  g_signal_emit_by_name (sl_search_bar_get_entry (bar), "search-changed");
  while (sl_image_list_get_searching (sl_window_get_image_list (window)))   /* on a worker */
    run_for (1);
  what = g_strdup_printf ("bulk: search, %u matches, %.0f ms", g_list_model_get_n_items (list),
                          (g_get_monotonic_time () - t0) / 1e3);
  run_for (200);
  probe_report (probe, what);
  g_clear_pointer (&what, g_free);

  probe_start (probe);
  run_for (20);   /* the probe ticking when the work starts */
  t0 = g_get_monotonic_time ();
  sl_search_bar_close (bar);
  while (sl_image_list_get_searching (sl_window_get_image_list (window)))
    run_for (1);
  what = g_strdup_printf ("bulk: search closed, %u back, %.0f ms", g_list_model_get_n_items (list),
                          (g_get_monotonic_time () - t0) / 1e3);
  run_for (200);
  probe_report (probe, what);
  g_clear_pointer (&what, g_free);

  probe_start (probe);
  run_for (20);   /* the probe ticking when the work starts */
  t0 = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-all", NULL);
  what = g_strdup_printf ("bulk: select all %u, %.0f ms", sl_browse_view_get_n_selected (browse),
                          (g_get_monotonic_time () - t0) / 1e3);
  run_for (200);
  probe_report (probe, what);
  g_clear_pointer (&what, g_free);

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
  run_for (200);
  probe_start (probe);
  run_for (20);   /* the probe ticking when the work starts */
  t0 = g_get_monotonic_time ();
  gtk_dialog_response (dialog, GTK_RESPONSE_ACCEPT);
  wait_stored (window);
  what = g_strdup_printf ("bulk: label %u selected, %.0f ms", n_images,
                          (g_get_monotonic_time () - t0) / 1e3);
  probe_report (probe, what);
  g_clear_pointer (&what, g_free);

  probe_start (probe);
  run_for (20);   /* the probe ticking when the work starts */
  t0 = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  wait_stored (window);
  what = g_strdup_printf ("bulk: its undo, %.0f ms", (g_get_monotonic_time () - t0) / 1e3);
  probe_report (probe, what);
  g_clear_pointer (&what, g_free);

  /* one image clicked: the selection is one image again */
  probe_start (probe);
  run_for (20);
  gtk_selection_model_select_item (sl_browse_view_get_selection (browse), 0, TRUE);
  run_for (200);
  probe_report (probe, "bulk: one image clicked");
  g_assert_cmpuint (sl_browse_view_get_n_selected (browse), ==, 1);
}

#define LARGE_SIDE 20000
#define LARGE_BUDGET ((guint64) 400 * 1000 * 1000)
#define ORDINARY_IMAGES 600
#define ORDINARY_SIDE 64

/* A gray 8-bit PNG of squares of 64 pixels, its seed in the first pixels, written row by row
 * (a 20,000² one is a few MB). */
static void
write_png (const char *path,
           guint32     side,
           guint       seed)
{
  FILE *file = g_fopen (path, "wb");
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  g_autofree png_byte *row = g_malloc (side);

  g_assert_nonnull (file);
  g_assert_false (setjmp (png_jmpbuf (png)));
  png_init_io (png, file);
  png_set_compression_level (png, 1);
  png_set_IHDR (png, info, side, side, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  for (guint32 y = 0; y < side; y++)
    {
      for (guint32 x = 0; x < side; x++)
        row[x] = (guint8) ((((x / 64) + (y / 64)) % 2 ? 200 : 40) + (x * seed + y) % 16);
      if (y == 0)   /* distinct images for distinct seeds */
        for (int b = 0; b < 4 && b < (int) side; b++)
          row[b] = (guint8) (seed >> (8 * b));
      png_write_row (png, row);
    }
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);
  fclose (file);
}

/* The process's peak RSS so far in MB; clear_peak_rss() starts a new peak. */
static double
peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024;
}

static void
clear_peak_rss (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");

  if (file != NULL)
    {
      fputs ("5", file);
      fclose (file);
    }
}

/* ORDINARY_IMAGES small images with the large one in the middle (in name order). */
static char *
make_large_catalog (const char *dir,
                    gint64     *large_id)
{
  g_autofree char *folder = g_build_filename (dir, "large-images", NULL);
  g_autofree char *path = g_build_filename (dir, "large.sightline", NULL);
  g_autofree char *large = g_build_filename (folder, "0300-large.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCatalog) catalog = NULL;
  g_autoptr(SlImporter) importer = NULL;
  g_autoptr(GArray) ids = NULL;
  SlImageFilter filter;
  SlImportStats stats;
  GStatBuf st;
  gint64 t0 = g_get_monotonic_time ();

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  for (guint i = 0; i < ORDINARY_IMAGES; i++)
    {
      g_autofree char *name = g_strdup_printf ("%04u.png", i);
      g_autofree char *file = g_build_filename (folder, name, NULL);

      write_png (file, ORDINARY_SIDE, i + 1);
    }
  write_png (large, LARGE_SIDE, 1);
  g_assert_cmpint (g_stat (large, &st), ==, 0);
  g_print ("wrote %u PNGs of %d² and one of %d² (%.1f MB) in %.1f s\n", ORDINARY_IMAGES,
           ORDINARY_SIDE, LARGE_SIDE, st.st_size / 1e6, (g_get_monotonic_time () - t0) / 1e6);

  t0 = g_get_monotonic_time ();
  catalog = sl_catalog_open (path, &error);
  g_assert_no_error (error);
  importer = sl_importer_new (catalog);
  sl_importer_add_path (importer, folder);
  sl_importer_set_max_pixels (importer, LARGE_BUDGET);
  g_assert_true (sl_importer_run (importer, NULL, &stats, &error));
  g_assert_cmpuint (stats.imported, ==, ORDINARY_IMAGES + 1);
  g_print ("imported them in %.1f s (bench peak RSS %.0f MB)\n",
           (g_get_monotonic_time () - t0) / 1e6, peak_rss_mb ());

  sl_image_filter_init (&filter);
  ids = sl_catalog_query_images (catalog, &filter, &error);
  *large_id = 0;
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      g_autoptr(SlImageInfo) info = sl_catalog_get_image_info (catalog,
                                                               g_array_index (ids, gint64, i),
                                                               NULL);

      if (info != NULL && info->width == LARGE_SIDE)
        *large_id = info->id;
    }
  g_assert_cmpint (*large_id, >, 0);
  for (guint i = 0; i < ORDINARY_IMAGES; i++)
    {
      g_autofree char *name = g_strdup_printf ("%04u.png", i);
      g_autofree char *file = g_build_filename (folder, name, NULL);

      g_remove (file);
    }
  g_remove (large);
  g_rmdir (folder);
  return g_steal_pointer (&path);
}

/* The grid flung from top to bottom past the large image, then the image shown in the viewer
 * and its neighbours around it, and its window/level changed as a right-drag does. */
static void
scroll_past_large (SlWindow *window,
                   Probe    *probe,
                   gint64    large_id)
{
  GtkAdjustment *adj = grid_adjustment (window);

  clear_peak_rss ();
  probe_start (probe);
  gtk_adjustment_set_value (adj, 0);
  while (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj)
         < gtk_adjustment_get_upper (adj))
    {
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + 40);
      run_for (8);
    }
  run_for (1000);
  probe_report (probe, "large image: grid flung past it");

  probe_start (probe);
  run_for (100);
  g_assert_true (sl_window_select_image (window, large_id));
  run_for (3000);
  probe_report (probe, "large image: shown in the viewer");

  probe_start (probe);
  for (int step = 0; step < 12; step++)
    {
      static const int offsets[] = { -1, 0, 1, 0 };

      g_assert_true (sl_window_select_image (window, large_id + offsets[step % 4]));
      run_for (300);
    }
  probe_report (probe, "large image: to and from its neighbours x12");

  g_assert_true (sl_window_select_image (window, large_id));
  run_for (1000);
  probe_start (probe);
  for (int step = 0; step < 30; step++)   /* a right-drag: one change a frame */
    {
      SlWindowChoice choice = { SL_WINDOW_CUSTOM, 100 + 2 * step, 200 - 3 * step };

      sl_window_set_window_choice (window, &choice);
      run_for (16);
    }
  run_for (300);
  probe_report (probe, "large image: 30 window/level changes");
  g_print ("window peak RSS while scrolling and viewing: %.0f MB\n", peak_rss_mb ());
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
  g_autofree char *large = NULL;
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

  app = sl_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = sl_window_new (app);
  sl_window_set_annotator (window, "bench");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  run_for (500);
  g_timeout_add_full (G_PRIORITY_HIGH, 1, probe_cb, &probe, NULL);

  if (g_getenv ("SL_BENCH_NO_LARGE") == NULL)
    {
      gint64 large_id;

      large = make_large_catalog (dir, &large_id);
      g_assert_true (sl_window_open_catalog (window, large, &error));
      run_for (1000);
      scroll_past_large (window, &probe, large_id);
    }

  path = make_catalog (dir, n);
  t0 = g_get_monotonic_time ();
  g_assert_true (sl_window_open_catalog (window, path, &error));
  g_print ("opening the catalog in the window: %.1f ms\n", (g_get_monotonic_time () - t0) / 1e3);
  run_for (1000);
  probe_start (&probe);
  run_for (2000);
  probe_report (&probe, "idle window");
  scroll_grid (window, &probe, n);
  bulk_work (window, &probe, n);

  /* Training on the same catalog in the background, then the grid scrolled meanwhile. */
  if (g_getenv ("SL_BENCH_NO_TRAINING") != NULL)
    goto done;
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "train");
  train = SL_TRAIN_PAGE (sl_window_get_page (window, "train"));
  sl_train_page_set_epochs (train, 2);
  run_for (500);
  probe_start (&probe);
  t0 = g_get_monotonic_time ();
  sl_train_page_start (train);
  run_for (8000);
  probe_report (&probe, "training: train view, chart updating, 8 s");
  probe_start (&probe);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "browse");
  run_for (500);
  probe_report (&probe, "training: switch to the browse view");
  scroll_grid (window, &probe, n);
  g_print ("waiting for the training job to end…\n");
  probe_start (&probe);
  while (!training_done (train))
    g_main_context_iteration (NULL, TRUE);
  run_for (3000);
  probe_report (&probe, "training: to its end, the model shown");
  g_print ("training took %.0f s\n", (g_get_monotonic_time () - t0) / 1e6);

done:
  gtk_window_destroy (GTK_WINDOW (window));
  run_for (100);
  g_array_unref (probe.gaps);
  remove_tree (dir);
  return 0;
}
