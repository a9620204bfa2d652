/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Follows the system locale and binds Sightline's message catalog in sl_data_dirs_locale ():
 * the installed one, or the build tree's po/ when run uninstalled (./build/app/sightline, the
 * tests). Called first thing by both mains. */
void sl_i18n_init (void);

G_END_DECLS
