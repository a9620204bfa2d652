/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sightline-cli watch against a real Orthanc and a folder: every new image predicted once, also
 * across the server being killed and the watcher being restarted; write-back found by QIDO-RS
 * in the same study and readable by GDCM. */
#include "sl-catalog-pacs.h"
#include "sl-dicomweb.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

#include "sl-orthanc-fixture.h"
#include "sl-test-util.h"

#define WAIT_S 60

static SlOrthanc *orthanc;
static GPtrArray *pngs;
static guint next_png;
static char *work_dir;
static char *model_path;

typedef struct
{
  GSubprocess *process;
  char *out;
  char *err;
} Watch;

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts sightline-cli watch --json with the extra NULL-terminated arguments. */
static Watch *
watch_start (const char *catalog,
             const char *name,
             ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Watch *watch = g_new0 (Watch, 1);
  const char *arg;
  va_list args;

  watch->out = g_strdup_printf ("%s/%s.out", work_dir, name);
  watch->err = g_strdup_printf ("%s/%s.err", work_dir, name);
  g_subprocess_launcher_set_stdout_file_path (launcher, watch->out);
  g_subprocess_launcher_set_stderr_file_path (launcher, watch->err);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_ptr_array_add (argv, (gpointer) SL_CLI_PATH);
  g_ptr_array_add (argv, (gpointer) "watch");
  g_ptr_array_add (argv, (gpointer) "--catalog");
  g_ptr_array_add (argv, (gpointer) catalog);
  g_ptr_array_add (argv, (gpointer) "--model");
  g_ptr_array_add (argv, model_path);
  g_ptr_array_add (argv, (gpointer) "--json");
  va_start (args, name);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  watch->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                 &error);
  g_assert_no_error (error);
  return watch;
}

/* Stops the watcher as a user would (SIGTERM) and checks it ended well. */
static void
watch_stop (Watch *watch)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (watch->process, SIGTERM);
  g_subprocess_wait (watch->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (watch->process));
  g_assert_cmpint (g_subprocess_get_exit_status (watch->process), ==, 0);
  g_object_unref (watch->process);
  g_free (watch->out);
  g_free (watch->err);
  g_free (watch);
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

/* Waits until the watcher has printed n lines; returns them. */
static GStrv
wait_lines (Watch *watch,
            guint  n)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *text = read_text (watch->out);
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      guint complete = MAX (g_strv_length (lines), 1) - 1;   /* after the last newline */

      if (complete >= n && complete > 0)
        {
          g_free (lines[complete]);
          lines[complete] = NULL;
          return g_steal_pointer (&lines);
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *err = read_text (watch->err);

          g_error ("waited %d s for %u lines, got %u; stderr: %s", WAIT_S, n, complete, err);
        }
      g_usleep (50000);
    }
}

/* Waits until the watcher's stderr says `needle`; returns all it said. */
static char *
wait_text (Watch      *watch,
           const char *needle)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;

  for (;;)
    {
      char *err = read_text (watch->err);

      if (strstr (err, needle) != NULL)
        return err;
      if (g_get_monotonic_time () > deadline)
        g_error ("waited %d s for \"%s\"; stderr: %s", WAIT_S, needle, err);
      g_free (err);
      g_usleep (50000);
    }
}

/* Waits until the watcher has taken its starting point (the catalog has its cursor). */
static void
wait_ready (Watch      *watch,
            const char *catalog_path,
            const char *origin)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(SlCatalog) catalog = sl_catalog_open (catalog_path, NULL);
      gint64 position;

      if (catalog != NULL && sl_catalog_watch_get_cursor (catalog, origin, 1, &position))
        return;
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *err = read_text (watch->err);

          g_error ("the watcher did not start in %d s; stderr: %s", WAIT_S, err);
        }
      g_usleep (50000);
    }
}

static void
create (guint       n,
        const char *study_uid)
{
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (sl_orthanc_create_instance (orthanc, g_ptr_array_index (pngs, next_png++),
                                                  study_uid), ==, 200);
}

/* The image ids of the lines: each once. */
static void
assert_distinct_images (GStrv  lines,
                        guint  n)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_cmpuint (g_strv_length (lines), >=, n);
  for (guint i = 0; i < n; i++)
    {
      const char *id = strstr (lines[i], "\"image_id\":");

      g_assert_nonnull (id);
      g_assert_nonnull (strstr (lines[i], "\"class\":"));
      g_assert_nonnull (strstr (lines[i], "\"probability\":"));
      g_assert_nonnull (strstr (lines[i], "\"latency_ms\":"));
      g_assert_true (g_hash_table_add (seen, g_strndup (id, strcspn (id, ","))));
    }
}

static void
assert_catalog_counts (const char *catalog_path,
                       const char *origin,
                       gint64      predicted)
{
  g_autoptr(SlCatalog) catalog = sl_catalog_open (catalog_path, NULL);

  g_assert_nonnull (catalog);
  g_assert_cmpint (sl_catalog_watch_count (catalog, origin, 1, SL_WATCH_PREDICTED), ==,
                   predicted);
  g_assert_cmpint (sl_catalog_watch_count (catalog, origin, 1, SL_WATCH_PENDING), ==, 0);
  g_assert_cmpint (sl_catalog_watch_count (catalog, origin, 1, SL_WATCH_SKIPPED), ==, 0);
}

/* Orthanc killed right after new instances arrive, then the watcher stopped while more arrive:
 * every instance is predicted exactly once. */
static void
test_kill_and_restart (void)
{
  g_autofree char *catalog = g_build_filename (work_dir, "kill.sightline", NULL);
  g_auto(GStrv) first = NULL, second = NULL, third = NULL;
  g_autofree char *both = NULL, *all = NULL;
  Watch *watch;

  if (orthanc == NULL)
    return;
  watch = watch_start (catalog, "kill-1", "--pacs", orthanc->dicomweb_url, "--user",
                       SL_ORTHANC_USER, NULL);
  wait_ready (watch, catalog, orthanc->dicomweb_url);
  create (4, NULL);
  sl_orthanc_kill (orthanc);
  g_free (wait_text (watch, "cannot reach the server"));
  sl_orthanc_restart (orthanc);
  create (4, NULL);
  first = wait_lines (watch, 8);
  assert_distinct_images (first, 8);
  g_free (wait_text (watch, "reachable again"));

  watch_stop (watch);
  create (3, NULL);     /* while nobody watches */
  watch = watch_start (catalog, "kill-2", "--pacs", orthanc->dicomweb_url, "--user",
                       SL_ORTHANC_USER, NULL);
  create (2, NULL);
  second = wait_lines (watch, 5);
  assert_distinct_images (second, 5);
  g_usleep (1000000);   /* nothing more comes */
  third = wait_lines (watch, 5);
  g_assert_cmpuint (g_strv_length (third), ==, 5);
  watch_stop (watch);

  assert_catalog_counts (catalog, orthanc->dicomweb_url, 13);
  both = g_strjoinv ("\n", first);
  all = g_strconcat (both, "\n", second[0], "\n", second[1], "\n", second[2], "\n", second[3],
                     "\n", second[4], NULL);
  g_strfreev (first);
  first = g_strsplit (all, "\n", -1);
  assert_distinct_images (first, 13);   /* no image twice */
}

static void
test_poll (void)
{
  g_autofree char *catalog = g_build_filename (work_dir, "poll.sightline", NULL);
  g_auto(GStrv) lines = NULL;
  Watch *watch;

  if (orthanc == NULL)
    return;
  watch = watch_start (catalog, "poll", "--pacs", orthanc->dicomweb_url, "--user",
                       SL_ORTHANC_USER, "--poll", NULL);
  wait_ready (watch, catalog, orthanc->dicomweb_url);
  create (3, NULL);
  lines = wait_lines (watch, 3);
  assert_distinct_images (lines, 3);
  watch_stop (watch);
  /* what was there before the start is not triaged */
  assert_catalog_counts (catalog, orthanc->dicomweb_url, 3);
}

/* Retrieves the one instance of a series and checks it with gdcmdump; returns the dump. */
static char *
dump_instance (SlDicomweb     *web,
               const char     *study_uid,
               SlDicomwebItem *series)
{
  SlDicomwebQuery query = { .study_uid = study_uid, .series_uid = series->series_uid };
  g_autoptr(GPtrArray) instances = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (work_dir, "written.dcm", NULL);
  SlDicomwebItem *instance;
  g_autofree char *summary = NULL;
  char *dump = NULL;
  const char *argv[] = { "/usr/bin/gdcmdump", path, NULL };
  const char *info[] = { "/usr/bin/gdcminfo", path, NULL };

  instances = sl_dicomweb_search (web, SL_DICOMWEB_INSTANCES, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (instances->len, ==, 1);
  instance = g_ptr_array_index (instances, 0);
  g_assert_cmpstr (instance->manufacturer, ==, "Sightline");
  file = sl_dicomweb_retrieve (web, study_uid, series->series_uid, instance->instance_uid, NULL,
                               &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (file, NULL),
                                      (gssize) g_bytes_get_size (file), NULL));
  g_assert_cmpint (sl_test_run (info, &summary, NULL), ==, 0);   /* GDCM reads it as a whole */
  g_assert_nonnull (strstr (summary, "MediaStorage is 1.2.840.10008.5.1.4.1.1."));
  g_assert_cmpint (sl_test_run (argv, &dump, NULL), ==, 0);
  return dump;
}

static void
test_write_back (void)
{
  const char *study_uid = "1.2.826.0.1.3680043.8.498.77001";
  g_autofree char *catalog = g_build_filename (work_dir, "write-back.sightline", NULL);
  g_autofree char *sc_dump = NULL, *sr_dump = NULL, *sc_uid = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(SlDicomweb) web = NULL;
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GError) error = NULL;
  SlDicomwebQuery query = { .study_uid = study_uid };
  gint64 deadline = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;
  Watch *watch;
  const char *uid;

  if (orthanc == NULL)
    return;
  watch = watch_start (catalog, "write-back", "--pacs", orthanc->dicomweb_url, "--user",
                       SL_ORTHANC_USER, "--write-back", NULL);
  wait_ready (watch, catalog, orthanc->dicomweb_url);
  create (1, study_uid);
  lines = wait_lines (watch, 1);

  web = sl_dicomweb_new (orthanc->dicomweb_url, &error);
  sl_dicomweb_set_basic_auth (web, SL_ORTHANC_USER, SL_ORTHANC_PASSWORD);
  /* the original, the Secondary Capture and the SR: three series of the same study */
  while (series == NULL || series->len < 3)
    {
      g_clear_pointer (&series, g_ptr_array_unref);
      series = sl_dicomweb_search (web, SL_DICOMWEB_SERIES, &query, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100000);
    }
  /* the watcher sees its own two objects arrive and leaves them alone */
  for (;;)
    {
      g_autoptr(SlCatalog) state = sl_catalog_open (catalog, NULL);

      if (sl_catalog_watch_count (state, orthanc->dicomweb_url, 1, SL_WATCH_BASELINE) == 2)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100000);
    }
  watch_stop (watch);
  assert_catalog_counts (catalog, orthanc->dicomweb_url, 1);
  g_clear_pointer (&series, g_ptr_array_unref);
  series = sl_dicomweb_search (web, SL_DICOMWEB_SERIES, &query, NULL, &error);
  g_assert_cmpuint (series->len, ==, 3);

  for (guint i = 0; i < series->len; i++)
    {
      SlDicomwebItem *item = g_ptr_array_index (series, i);

      if (g_strcmp0 (item->modality, "OT") == 0)
        sc_dump = dump_instance (web, study_uid, item);
      else if (g_strcmp0 (item->modality, "SR") == 0)
        sr_dump = dump_instance (web, study_uid, item);
    }
  g_assert_nonnull (sc_dump);
  g_assert_nonnull (sr_dump);
  g_assert_nonnull (strstr (sc_dump, "1.2.840.10008.5.1.4.1.1.7"));     /* Secondary Capture */
  g_assert_nonnull (strstr (sc_dump, "(0028,0301) CS [YES ]"));          /* burned-in text */
  g_assert_nonnull (strstr (sr_dump, "1.2.840.10008.5.1.4.1.1.88.11")); /* Basic Text SR */
  g_assert_nonnull (strstr (sr_dump, "NOT FOR DIAGNOSTIC USE"));
  g_assert_nonnull (strstr (sr_dump, "Sightline model model.slm (conv3:8,relu,maxpool2,gap"));
  g_assert_nonnull (strstr (sr_dump, "normal: probability "));
  g_assert_nonnull (strstr (sr_dump, "pneumonia: probability "));
  g_assert_nonnull (strstr (sr_dump, study_uid));
  /* the SR points at the SC */
  uid = strstr (sc_dump, "(0008,0018) UI [");
  g_assert_nonnull (uid);
  uid += strlen ("(0008,0018) UI [");
  sc_uid = g_strndup (uid, strcspn (uid, "] "));
  g_assert_nonnull (strstr (sr_dump, sc_uid));
}

/* A writer that fails (as one crashing on a malformed object would) costs the write-back of
 * that image, not the watcher. */
static void
test_write_back_failure (void)
{
  g_autofree char *catalog = g_build_filename (work_dir, "writer-fails.sightline", NULL);
  g_auto(GStrv) lines = NULL;
  Watch *watch;

  if (orthanc == NULL)
    return;
  g_setenv ("SL_PACS_WRITER", "/bin/false", TRUE);
  watch = watch_start (catalog, "writer-fails", "--pacs", orthanc->dicomweb_url, "--user",
                       SL_ORTHANC_USER, "--write-back", NULL);
  g_unsetenv ("SL_PACS_WRITER");
  wait_ready (watch, catalog, orthanc->dicomweb_url);
  create (2, NULL);
  lines = wait_lines (watch, 2);
  assert_distinct_images (lines, 2);
  g_free (wait_text (watch, "not written back: /bin/false failed"));
  watch_stop (watch);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
test_folder (void)
{
  g_autofree char *catalog = g_build_filename (work_dir, "folder.sightline", NULL);
  g_autofree char *folder = g_build_filename (work_dir, "incoming", NULL);
  g_autofree char *origin = NULL, *before = g_build_filename (folder, "before.png", NULL);
  g_auto(GStrv) lines = NULL;
  Watch *watch;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  origin = g_strconcat ("folder:", folder, NULL);
  copy_file (g_ptr_array_index (pngs, next_png++), before);
  watch = watch_start (catalog, "folder", "--folder", folder, NULL);
  wait_ready (watch, catalog, origin);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/new-%u.png", folder, i);

      copy_file (g_ptr_array_index (pngs, next_png++), name);
    }
  lines = wait_lines (watch, 3);
  assert_distinct_images (lines, 3);
  g_usleep (1000000);
  watch_stop (watch);
  assert_catalog_counts (catalog, origin, 3);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("SIGHTLINE_PACS_PASSWORD", SL_ORTHANC_PASSWORD, TRUE);
  work_dir = g_dir_make_tmp ("sl-watch-XXXXXX", NULL);
  model_path = g_build_filename (work_dir, "model.slm", NULL);
  pngs = sl_orthanc_demo_pngs ();
  /* images of the train subset are not used as new arrivals */
  next_png = pngs->len / 2;
  sl_pacs_train_tiny_model (work_dir, model_path);
  orthanc = sl_orthanc_start ();

  g_test_add_func ("/sightline/pacs/watch/kill-and-restart", test_kill_and_restart);
  g_test_add_func ("/sightline/pacs/watch/poll", test_poll);
  g_test_add_func ("/sightline/pacs/watch/write-back", test_write_back);
  g_test_add_func ("/sightline/pacs/watch/write-back-failure", test_write_back_failure);
  g_test_add_func ("/sightline/pacs/watch/folder", test_folder);
  status = g_test_run ();
  sl_orthanc_stop (orthanc);
  sl_test_remove_tree (work_dir);
  g_ptr_array_unref (pngs);
  g_free (model_path);
  g_free (work_dir);
  return status;
}
