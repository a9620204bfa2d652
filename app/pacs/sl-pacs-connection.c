/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-pacs-connection.h"

#include <string.h>

static char *
nonempty_dup (const char *text)
{
  return text != NULL && text[0] != '\0' ? g_strdup (text) : NULL;
}

SlPacsConnection *
sl_pacs_connection_new (const char *url,
                        const char *user,
                        const char *secret)
{
  SlPacsConnection *self;

  g_return_val_if_fail (url != NULL, NULL);
  self = g_new0 (SlPacsConnection, 1);
  self->url = g_strdup (url);
  self->user = nonempty_dup (user);
  self->secret = nonempty_dup (secret);
  return self;
}

SlPacsConnection *
sl_pacs_connection_copy (const SlPacsConnection *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return sl_pacs_connection_new (self->url, self->user, self->secret);
}

void
sl_pacs_connection_free (SlPacsConnection *self)
{
  if (self == NULL)
    return;
  if (self->secret != NULL)
    memset (self->secret, 0, strlen (self->secret));
  g_free (self->secret);
  g_free (self->user);
  g_free (self->url);
  g_free (self);
}

SlDicomweb *
sl_pacs_connection_open (const SlPacsConnection  *self,
                         GError                 **error)
{
  SlDicomweb *web;

  g_return_val_if_fail (self != NULL, NULL);
  if ((web = sl_dicomweb_new (self->url, error)) == NULL)
    return NULL;
  if (self->user != NULL)
    sl_dicomweb_set_basic_auth (web, self->user, self->secret != NULL ? self->secret : "");
  else if (self->secret != NULL)
    sl_dicomweb_set_bearer (web, self->secret);
  return web;
}
