/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Gradients against finite differences, shared by the layer, channel and residual tests. */

#include <glib.h>
#include <stddef.h>

#include "sl-rng.h"

#define GRAD_TOL 1e-3

typedef double (*loss_fn) (void *ctx);

void   fill_normal (sl_rng *rng, float *x, size_t n, float scale);
double dot (const float *a, const float *b, size_t n);

/* analytic[i] against (loss(x + step) - loss(x - step)) / 2 step on up to max_checks entries
 * of x (evenly spread), the error relative to the gradient's norm below GRAD_TOL. */
void check_grad_step (const char *what, loss_fn loss, void *ctx, float *x,
                      const float *analytic, size_t n, size_t max_checks, double step);
/* check_grad_step with the step for single layers (2e-3) */
void check_grad (const char *what, loss_fn loss, void *ctx, float *x, const float *analytic,
                 size_t n, size_t max_checks);
/* For whole nets in float32: a fourth-order difference as the reference, entries near a kink
 * (ReLU, max pool) left out as long as they are few, error below tol. */
void check_grad_net (const char *what, loss_fn loss, void *ctx, float *x, const float *analytic,
                     size_t n, size_t max_checks, double tol);
/* The derivative along random unit directions against analytic . d. */
void check_grad_directions (const char *what, loss_fn loss, void *ctx, float *x,
                            const float *analytic, size_t n);
/* A whole net of arch on a batch of 3 random (in_c, h, w) images: the gradients of every
 * parameter and of the input against finite differences. */
void check_net (const char *arch, int in_c, int h, int w);
