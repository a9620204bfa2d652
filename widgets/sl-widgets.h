/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sl-chart.h"
#include "sl-confusion-matrix.h"
#include "sl-heatmap-legend.h"
#include "sl-image-view.h"
#include "sl-label-palette.h"
#include "sl-roc-curve.h"
#include "sl-toast.h"
