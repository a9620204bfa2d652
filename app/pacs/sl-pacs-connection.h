/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-dicomweb.h"

G_BEGIN_DECLS

/* How to reach a PACS: its DICOMweb root and the credentials (HTTP basic with a user, else a
 * bearer token, else none). Kept in memory only; a secret is wiped when freed. Each thread makes
 * its own client from a copy. */
typedef struct
{
  char *url;
  char *user;     /* NULL or "": secret is a token */
  char *secret;   /* password or token; NULL or "": no authentication */
} SlPacsConnection;

SlPacsConnection *sl_pacs_connection_new  (const char             *url,
                                           const char             *user,
                                           const char             *secret);
SlPacsConnection *sl_pacs_connection_copy (const SlPacsConnection *self);
void              sl_pacs_connection_free (SlPacsConnection       *self);
/* A client for the connection (timeouts and retries as the caller wants them after). */
SlDicomweb       *sl_pacs_connection_open (const SlPacsConnection *self,
                                           GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPacsConnection, sl_pacs_connection_free)

G_END_DECLS
