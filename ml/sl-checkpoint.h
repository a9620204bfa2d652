/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "sl-net.h"

int     sl_checkpoint_save_buffer (const sl_net *net, unsigned char **buf, size_t *len);   /* malloc'd */
sl_net *sl_checkpoint_load_buffer (const unsigned char *buf, size_t len, int max_batch, char *err, size_t err_len);
int     sl_checkpoint_save (const sl_net *net, const char *path, char *err, size_t err_len);
sl_net *sl_checkpoint_load (const char *path, int max_batch, char *err, size_t err_len);
