/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-dicomweb-private.h"

#include <glib/gi18n.h>

G_DEFINE_QUARK (sl-dicomweb-error-quark, sl_dicomweb_error)

#define DEFAULT_TIMEOUT_S 30
#define DEFAULT_ATTEMPTS 4
#define DEFAULT_FIRST_DELAY_MS 250

SlDicomweb *
sl_dicomweb_new (const char  *url,
                 GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  SlDicomweb *self;
  gsize len;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL
      || (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0))
    {
      g_set_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_INVALID_URL,
                   _("“%s” is not an http:// or https:// URL of a DICOMweb server"), url);
      return NULL;
    }
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_INVALID_URL,
                   _("the PACS URL must not hold credentials: give --user and the password "
                     "through the environment or a file"));
      return NULL;
    }

  self = g_new0 (SlDicomweb, 1);
  self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT_S,
                                                 "idle-timeout", DEFAULT_TIMEOUT_S,
                                                 "user-agent", "Sightline/" PACKAGE_VERSION,
                                                 NULL);
  self->url = g_strdup (url);
  len = strlen (self->url);
  while (len > 0 && self->url[len - 1] == '/')
    self->url[--len] = '\0';
  if (g_str_has_suffix (self->url, "/dicom-web"))
    self->server_root = g_strndup (self->url, len - strlen ("/dicom-web"));
  else
    self->server_root = g_strdup (self->url);
  self->attempts = DEFAULT_ATTEMPTS;
  self->first_delay_ms = DEFAULT_FIRST_DELAY_MS;
  return self;
}

void
sl_dicomweb_free (SlDicomweb *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->session);
  g_free (self->url);
  g_free (self->server_root);
  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_free (self->authorization);
  g_free (self);
}

const char *
sl_dicomweb_get_url (SlDicomweb *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->url;
}

static void
set_authorization (SlDicomweb *self,
                   char       *value)
{
  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_free (self->authorization);
  self->authorization = value;
}

void
sl_dicomweb_set_basic_auth (SlDicomweb *self,
                            const char *user,
                            const char *password)
{
  g_autofree char *pair = NULL, *encoded = NULL;

  g_return_if_fail (self != NULL && user != NULL && password != NULL);

  pair = g_strconcat (user, ":", password, NULL);
  encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  set_authorization (self, g_strconcat ("Basic ", encoded, NULL));
  memset (pair, 0, strlen (pair));
  memset (encoded, 0, strlen (encoded));
}

void
sl_dicomweb_set_bearer (SlDicomweb *self,
                        const char *token)
{
  g_return_if_fail (self != NULL && token != NULL);
  set_authorization (self, g_strconcat ("Bearer ", token, NULL));
}

void
sl_dicomweb_set_timeout (SlDicomweb *self,
                         guint       seconds)
{
  g_return_if_fail (self != NULL);
  soup_session_set_timeout (self->session, seconds);
  soup_session_set_idle_timeout (self->session, seconds);
}

void
sl_dicomweb_set_retries (SlDicomweb *self,
                         guint       attempts,
                         guint       first_delay_ms)
{
  g_return_if_fail (self != NULL);
  self->attempts = MAX (attempts, 1);
  self->first_delay_ms = first_delay_ms;
}

/* The URL without its query, for messages. */
static char *
url_for_message (const char *url)
{
  const char *query = strchr (url, '?');

  return query != NULL ? g_strndup (url, query - url) : g_strdup (url);
}

void
_sl_dicomweb_malformed (GError     **error,
                        const char  *url,
                        const char  *reason)
{
  g_autofree char *shown = url_for_message (url);

  g_set_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_MALFORMED,
               _("%s: malformed answer: %s"), shown, reason);
}

static gboolean
status_is_transient (guint status)
{
  return status == 429 || status == 502 || status == 503 || status == 504;
}

static void
set_status_error (GError      **error,
                  const char   *url,
                  guint         status,
                  const char   *reason)
{
  g_autofree char *shown = url_for_message (url);

  switch (status)
    {
    case 401:
      g_set_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_UNAUTHORIZED,
                   _("%s: authentication failed (HTTP 401): check the user and password or "
                     "token"), shown);
      break;
    case 403:
      g_set_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_FORBIDDEN,
                   _("%s: access denied (HTTP 403): the account may not do this"), shown);
      break;
    case 404:
      g_set_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_NOT_FOUND,
                   _("%s: not found (HTTP 404)"), shown);
      break;
    default:
      g_set_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_HTTP,
                   _("%s: the server answered HTTP %u %s"), shown, status,
                   reason != NULL ? reason : "");
    }
}

/* Transport failures become UNREACHABLE; a cancel stays G_IO_ERROR_CANCELLED. */
static void
set_transport_error (GError     **error,
                     const char  *url,
                     GError      *cause)
{
  g_autofree char *shown = url_for_message (url);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_error_copy (cause));
      return;
    }
  g_set_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_UNREACHABLE,
               _("%s: cannot reach the server: %s"), shown, cause->message);
}

/* Sleeps ms, waking early on cancel; FALSE when cancelled. */
static gboolean
backoff (guint         ms,
         GCancellable *cancellable)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (MIN (end - g_get_monotonic_time (), 20000));
    }
  return TRUE;
}

GBytes *
_sl_dicomweb_send (SlDicomweb           *self,
                   const char           *method,
                   const char           *url,
                   const char           *accept,
                   const char           *content_type,
                   GBytes               *body,
                   SoupMessageHeaders  **headers,
                   GCancellable         *cancellable,
                   GError              **error)
{
  guint delay = self->first_delay_ms;

  for (guint attempt = 1;; attempt++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new (method, url);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) answer = NULL;
      gboolean last = attempt >= self->attempts;
      guint status;

      if (msg == NULL)
        {
          g_set_error (error, SL_DICOMWEB_ERROR, SL_DICOMWEB_ERROR_INVALID_URL,
                       _("“%s” is not a valid URL"), url);
          return NULL;
        }
      if (self->authorization != NULL)
        soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                      self->authorization);
      if (accept != NULL)
        soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", accept);
      if (body != NULL)
        soup_message_set_request_body_from_bytes (msg, content_type, body);

      answer = soup_session_send_and_read (self->session, msg, cancellable, &local_error);
      if (answer == NULL)
        {
          if (last || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              set_transport_error (error, url, local_error);
              return NULL;
            }
        }
      else
        {
          status = soup_message_get_status (msg);
          if (SOUP_STATUS_IS_SUCCESSFUL (status))
            {
              if (headers != NULL)
                *headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
              return g_steal_pointer (&answer);
            }
          if (last || !status_is_transient (status))
            {
              set_status_error (error, url, status, soup_message_get_reason_phrase (msg));
              return NULL;
            }
        }
      if (!backoff (delay, cancellable))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
          return NULL;
        }
      delay *= 2;
    }
}
