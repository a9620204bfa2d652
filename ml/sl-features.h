/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The penultimate layer of a network: what its last fully connected layer sees. */

#include "sl-net.h"

/* Length of one image's feature vector; 0 when the last layer is not fully connected. */
int  sl_net_feature_dim (const sl_net *net);
/* x: (n, c, h, w) raw 0..1; features: (n, sl_net_feature_dim); probs (nullable): (n, classes),
 * the same values sl_net_predict gives. */
void sl_net_features (sl_net *net, const float *x, int n, float *features, float *probs);
