/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "sl-dicomweb.h"

G_BEGIN_DECLS

struct _SlDicomweb
{
  SoupSession *session;
  char *url;             /* the DICOMweb root, no trailing slash */
  char *server_root;     /* the server's own REST root (url without a trailing /dicom-web) */
  char *authorization;   /* the Authorization header value, or NULL */
  guint attempts;
  guint first_delay_ms;
};

/* One HTTP exchange with retries: url is absolute; body (nullable) is sent with content_type;
 * accept (nullable) is the Accept header. Returns the answer's body on a 2xx status, with the
 * answer's headers in *headers (nullable; unref them). */
GBytes *_sl_dicomweb_send (SlDicomweb           *self,
                           const char           *method,
                           const char           *url,
                           const char           *accept,
                           const char           *content_type,
                           GBytes               *body,
                           SoupMessageHeaders  **headers,
                           GCancellable         *cancellable,
                           GError              **error);
/* Sets a MALFORMED error naming the URL (without its query). */
void    _sl_dicomweb_malformed (GError     **error,
                                const char  *url,
                                const char  *reason);

G_END_DECLS
