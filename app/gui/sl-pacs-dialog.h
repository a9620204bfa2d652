/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sl-pacs-connection.h"

G_BEGIN_DECLS

/* The PACS connection dialog: the DICOMweb URL, a user and a password (or, without a user, a
 * bearer token). "Test Connection" asks the server for its studies off the main thread and shows
 * the client's error (unreachable, refused credentials, a malformed answer) or the number of
 * studies. "Connect" tests too and, on success, emits ::connected and closes. The URL and the
 * user are remembered in the settings; the secret only in memory, asked again each session. */

#define SL_TYPE_PACS_DIALOG (sl_pacs_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlPacsDialog, sl_pacs_dialog, SL, PACS_DIALOG, GtkWindow)

/* current: the connection in use (its fields are shown), or NULL. */
SlPacsDialog           *sl_pacs_dialog_new            (GtkWindow              *parent,
                                                       const SlPacsConnection *current);
/* The connection the fields describe, NULL with an error when the URL is invalid. */
SlPacsConnection       *sl_pacs_dialog_dup_connection (SlPacsDialog           *self,
                                                       GError                **error);
/* TRUE while a test runs. */
gboolean                sl_pacs_dialog_is_testing     (SlPacsDialog           *self);

G_END_DECLS
