/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-orthanc-fixture.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "sl-test-util.h"

#define ORTHANC "/usr/sbin/Orthanc"
#define DICOMWEB_PLUGIN "/usr/share/orthanc/plugins/libOrthancDicomWeb.so"

static int
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_nonnull (socket);
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
answers (SlOrthanc *self)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", self->port, NULL, NULL);
  return connection != NULL;
}

static void
launch (SlOrthanc *self)
{
  g_autofree char *config = g_build_filename (self->dir, "orthanc.json", NULL);
  g_autofree char *log = g_build_filename (self->dir, "orthanc.log", NULL);
  g_autofree char *logfile = g_strdup_printf ("--logfile=%s", log);
  const char *argv[] = { ORTHANC, logfile, config, NULL };
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_true (g_spawn_async (self->dir, (char **) argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                                | G_SPAWN_STDERR_TO_DEV_NULL,
                                die_with_parent, NULL, &self->pid, &error));
  g_assert_no_error (error);
  while (!answers (self))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
    }
  /* the port opens before the plugins are ready: wait for DICOMweb too */
  while (sl_orthanc_count_instances (self) < 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
    }
}

SlOrthanc *
sl_orthanc_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL, *storage = NULL, *json = NULL;
  SlOrthanc *self;

  if (!g_file_test (ORTHANC, G_FILE_TEST_IS_EXECUTABLE)
      || !g_file_test (DICOMWEB_PLUGIN, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("Orthanc and its DICOMweb plugin are not installed");
      return NULL;
    }
  self = g_new0 (SlOrthanc, 1);
  self->dir = g_dir_make_tmp ("sl-orthanc-XXXXXX", &error);
  g_assert_no_error (error);
  self->port = free_port ();
  self->url = g_strdup_printf ("http://127.0.0.1:%d", self->port);
  self->dicomweb_url = g_strdup_printf ("%s/dicom-web", self->url);
  storage = g_build_filename (self->dir, "storage", NULL);
  json = g_strdup_printf ("{\n"
                          "  \"Name\": \"SightlineTest\",\n"
                          "  \"StorageDirectory\": \"%s\",\n"
                          "  \"IndexDirectory\": \"%s\",\n"
                          "  \"HttpPort\": %d,\n"
                          "  \"DicomServerEnabled\": false,\n"
                          "  \"RemoteAccessAllowed\": false,\n"
                          "  \"AuthenticationEnabled\": true,\n"
                          "  \"RegisteredUsers\": { \"" SL_ORTHANC_USER "\": \""
                          SL_ORTHANC_PASSWORD "\" },\n"
                          "  \"Plugins\": [ \"" DICOMWEB_PLUGIN "\" ],\n"
                          "  \"DicomWeb\": { \"Enable\": true, \"Root\": \"/dicom-web/\" }\n"
                          "}\n", storage, storage, self->port);
  config = g_build_filename (self->dir, "orthanc.json", NULL);
  g_assert_true (g_file_set_contents (config, json, -1, &error));
  launch (self);
  return self;
}

static void
reap (SlOrthanc *self,
      int        signal_number)
{
  if (self->pid == 0)
    return;
  kill (self->pid, signal_number);
  waitpid (self->pid, NULL, 0);
  g_spawn_close_pid (self->pid);
  self->pid = 0;
}

void
sl_orthanc_kill (SlOrthanc *self)
{
  reap (self, SIGKILL);
}

void
sl_orthanc_restart (SlOrthanc *self)
{
  reap (self, SIGKILL);
  launch (self);
}

void
sl_orthanc_stop (SlOrthanc *self)
{
  if (self == NULL)
    return;
  reap (self, SIGTERM);
  sl_test_remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->url);
  g_free (self->dicomweb_url);
  g_free (self);
}

static SoupMessage *
authorized_message (SlOrthanc  *self,
                    const char *method,
                    const char *path)
{
  g_autofree char *url = g_strconcat (self->url, path, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) SL_ORTHANC_USER ":"
                                              SL_ORTHANC_PASSWORD,
                                              strlen (SL_ORTHANC_USER ":" SL_ORTHANC_PASSWORD));
  g_autofree char *authorization = g_strconcat ("Basic ", encoded, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  return msg;
}

guint
sl_orthanc_post_bytes (SlOrthanc *self,
                       GBytes    *file)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = authorized_message (self, "POST", "/instances");
  g_autoptr(GBytes) answer = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/dicom", file);
  answer = soup_session_send_and_read (session, msg, NULL, NULL);
  return answer != NULL ? soup_message_get_status (msg) : 0;
}

guint
sl_orthanc_post_file (SlOrthanc  *self,
                      const char *path)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_nonnull (mapped);
  bytes = g_mapped_file_get_bytes (mapped);
  return sl_orthanc_post_bytes (self, bytes);
}

/* POST /tools/create-dicom; returns the server's answer (NULL unless 200). */
static GBytes *
create_dicom (SlOrthanc  *self,
              const char *png_path,
              const char *study_uid)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = authorized_message (self, "POST", "/tools/create-dicom");
  g_autoptr(GBytes) body = NULL, answer = NULL;
  g_autofree char *png = NULL, *encoded = NULL, *study = NULL, *json = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (png_path, &png, &length, NULL));
  encoded = g_base64_encode ((const guchar *) png, length);
  study = study_uid != NULL ? g_strdup_printf ("\"StudyInstanceUID\": \"%s\", ", study_uid)
                            : g_strdup ("");
  json = g_strdup_printf ("{\"Tags\": {%s\"PatientName\": \"Test^Watch\", "
                          "\"PatientID\": \"SL-TEST-1\", \"Modality\": \"CR\", "
                          "\"SOPClassUID\": \"1.2.840.10008.5.1.4.1.1.7\"}, "
                          "\"Force\": true, \"Content\": \"data:image/png;base64,%s\"}",
                          study, encoded);
  length = strlen (json);
  body = g_bytes_new_take (g_steal_pointer (&json), length);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (session, msg, NULL, NULL);
  return answer != NULL && soup_message_get_status (msg) == 200 ? g_steal_pointer (&answer)
                                                                : NULL;
}

guint
sl_orthanc_create_instance (SlOrthanc  *self,
                            const char *png_path,
                            const char *study_uid)
{
  g_autoptr(GBytes) answer = create_dicom (self, png_path, study_uid);

  return answer != NULL ? 200 : 400;
}

GBytes *
sl_orthanc_make_file (SlOrthanc  *self,
                      const char *png_path)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GBytes) created = create_dicom (self, png_path, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SoupMessage) get = NULL, delete = NULL;
  g_autoptr(GBytes) deleted = NULL;
  g_autofree char *file_path = NULL;
  const char *path;
  GBytes *file;

  g_assert_nonnull (created);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (created, NULL),
                                             (gssize) g_bytes_get_size (created), NULL));
  path = json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                        "Path");
  file_path = g_strconcat (path, "/file", NULL);
  get = authorized_message (self, "GET", file_path);
  file = soup_session_send_and_read (session, get, NULL, NULL);
  g_assert_nonnull (file);
  g_assert_cmpuint (soup_message_get_status (get), ==, 200);
  delete = authorized_message (self, "DELETE", path);
  deleted = soup_session_send_and_read (session, delete, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (delete), ==, 200);
  return file;
}

int
sl_orthanc_count_instances (SlOrthanc *self)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = authorized_message (self, "GET", "/statistics");
  g_autoptr(GBytes) answer = soup_session_send_and_read (session, msg, NULL, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (answer == NULL || soup_message_get_status (msg) != 200
      || !json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                      (gssize) g_bytes_get_size (answer), NULL))
    return -1;
  root = json_parser_get_root (parser);
  return (int) json_object_get_int_member (json_node_get_object (root), "CountInstances");
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
add_pngs (const char *dir,
          GPtrArray  *files)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        add_pngs (path, files);
      else if (g_str_has_suffix (name, ".png"))
        g_ptr_array_add (files, g_steal_pointer (&path));
    }
}

GPtrArray *
sl_orthanc_demo_pngs (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("SL_SOURCE_ROOT"), "resources",
                                           "demo-pneumoniamnist", NULL);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);

  add_pngs (dir, files);
  g_ptr_array_sort (files, compare_paths);
  g_assert_cmpuint (files->len, >, 1000);
  return files;
}

void
sl_orthanc_post_valid_files (SlOrthanc  *self,
                             const char *except)
{
  g_autofree char *dir = g_build_filename (g_getenv ("SL_SHARED_DATASETS"), "dicom", "valid",
                                           NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".dcm"))
      g_ptr_array_add (files, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (files, compare_paths);
  g_assert_cmpuint (files->len, ==, 14);
  for (guint i = 0; i < files->len; i++)
    if (except == NULL || !g_str_has_suffix (g_ptr_array_index (files, i), except))
      g_assert_cmpuint (sl_orthanc_post_file (self, g_ptr_array_index (files, i)), ==, 200);
}

struct _SlCannedServer
{
  GSocketListener *listener;
  GThread *thread;
  GStrv answers;
  GPtrArray *requests;
  GMutex lock;
  char *url;
  GCancellable *cancellable;
};

/* Reads a request head and whatever body its Content-Length announces. */
static char *
read_request (GInputStream *input)
{
  GString *head = g_string_new (NULL);
  char c;
  const char *length;

  while (!g_str_has_suffix (head->str, "\r\n\r\n"))
    {
      if (g_input_stream_read (input, &c, 1, NULL, NULL) != 1)
        break;
      g_string_append_c (head, c);
    }
  length = strcasestr (head->str, "\r\nContent-Length:");
  if (length != NULL)
    {
      gsize n = strtoul (length + strlen ("\r\nContent-Length:"), NULL, 10);
      g_autofree char *body = g_malloc (n + 1);

      g_input_stream_read_all (input, body, n, NULL, NULL, NULL);
    }
  return g_string_free (head, FALSE);
}

static gpointer
serve (gpointer data)
{
  SlCannedServer *self = data;

  for (;;)
    {
      g_autoptr(GSocketConnection) connection =
        g_socket_listener_accept (self->listener, NULL, self->cancellable, NULL);
      guint index;
      char *request;

      if (connection == NULL)
        return NULL;
      request = read_request (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
      g_mutex_lock (&self->lock);
      index = MIN (self->requests->len, g_strv_length (self->answers) - 1);
      g_ptr_array_add (self->requests, request);
      g_mutex_unlock (&self->lock);
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                 self->answers[index], strlen (self->answers[index]), NULL,
                                 NULL, NULL);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }
}

SlCannedServer *
sl_canned_server_new (const char * const *answers)
{
  SlCannedServer *self = g_new0 (SlCannedServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  self->answers = g_strdupv ((char **) answers);
  self->requests = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  g_mutex_init (&self->lock);
  self->listener = g_socket_listener_new ();
  g_assert_true (g_socket_listener_add_address (self->listener, any_port, G_SOCKET_TYPE_STREAM,
                                               G_SOCKET_PROTOCOL_TCP, NULL, &bound, NULL));
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->url = g_strdup_printf ("http://127.0.0.1:%u/dicom-web", port);
  self->thread = g_thread_new ("canned-server", serve, self);
  return self;
}

const char *
sl_canned_server_get_url (SlCannedServer *self)
{
  return self->url;
}

guint
sl_canned_server_count (SlCannedServer *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->requests->len;
  g_mutex_unlock (&self->lock);
  return n;
}

char *
sl_canned_server_request (SlCannedServer *self,
                          guint           index)
{
  char *request;

  g_mutex_lock (&self->lock);
  request = g_strdup (index < self->requests->len ? g_ptr_array_index (self->requests, index)
                                                  : NULL);
  g_mutex_unlock (&self->lock);
  return request;
}

void
sl_canned_server_free (SlCannedServer *self)
{
  g_cancellable_cancel (self->cancellable);
  g_thread_join (self->thread);
  g_socket_listener_close (self->listener);
  g_object_unref (self->listener);
  g_object_unref (self->cancellable);
  g_ptr_array_unref (self->requests);
  g_strfreev (self->answers);
  g_mutex_clear (&self->lock);
  g_free (self->url);
  g_free (self);
}

void
sl_pacs_train_tiny_model (const char *dir,
                          const char *model_path)
{
  g_autofree char *images = g_build_filename (dir, "demo", NULL);
  g_autofree char *catalog = g_build_filename (dir, "train.sightline", NULL);

  sl_test_copy_demo_subset (images, 20, 10, 0);
  g_assert_cmpint (sl_test_run_cli (NULL, NULL, "import", "--catalog", catalog, images, NULL),
                   ==, 0);
  g_assert_cmpint (sl_test_run_cli (NULL, NULL, "train", "--catalog", catalog, "--out",
                                    model_path, "--arch", "conv3:8,relu,maxpool2,gap,fc:2",
                                    "--epochs", "1", "--threads", "1", NULL), ==, 0);
}
