/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Follows the system locale and binds Sightline's message catalog: $SIGHTLINE_LOCALEDIR when
 * set; else the installed LOCALEDIR when it has a catalog for one of the user's languages; else
 * the build tree's po/, so an uninstalled build (./build/app/sightline, the tests) is translated
 * too. Called first thing by both mains. */
void sl_i18n_init (void);

G_END_DECLS
