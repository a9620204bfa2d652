/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-workers.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sl-net-private.h"

#define MAX_WORKERS 64

typedef void (*job_fn) (sl_workers *w, int id);

typedef struct
{
  sl_workers *w;
  int id;
} slot;

struct sl_workers
{
  int count;
  sl_net *nets[MAX_WORKERS];     /* [0] is the master */
  pthread_t threads[MAX_WORKERS]; /* [1..count-1]; worker 0 is the calling thread */
  slot slots[MAX_WORKERS];

  /* a small persistent pool: a job is published under lock with a new generation */
  pthread_mutex_t lock;
  pthread_cond_t go, done;
  unsigned long generation;
  int pending, quit;
  job_fn job;
  int used;                      /* workers taking part in the current job */

  /* the current job's arguments and results, per worker */
  const float *x;
  const int *y;
  const float *class_weight;
  float smoothing;
  float *probs;
  int start[MAX_WORKERS + 1];
  float scale[MAX_WORKERS], loss[MAX_WORKERS];
  int correct[MAX_WORKERS];
};

static void *
worker_main (void *data)
{
  slot *s = data;
  sl_workers *w = s->w;
  unsigned long seen = 0;

  pthread_mutex_lock (&w->lock);
  for (;;)
    {
      while (w->generation == seen && !w->quit)
        pthread_cond_wait (&w->go, &w->lock);
      if (w->quit)
        break;
      seen = w->generation;
      pthread_mutex_unlock (&w->lock);
      if (s->id < w->used)
        w->job (w, s->id);
      pthread_mutex_lock (&w->lock);
      if (--w->pending == 0)
        pthread_cond_signal (&w->done);
    }
  pthread_mutex_unlock (&w->lock);
  return NULL;
}

/* Runs job on workers 0..used-1 (0 on the calling thread) and waits for all of them. */
static void
run (sl_workers *w, job_fn job, int used)
{
  w->job = job;
  w->used = used;
  if (used > 1)
    {
      pthread_mutex_lock (&w->lock);
      w->pending = w->count - 1;
      w->generation++;
      pthread_cond_broadcast (&w->go);
      pthread_mutex_unlock (&w->lock);
    }
  job (w, 0);
  if (used > 1)
    {
      pthread_mutex_lock (&w->lock);
      while (w->pending > 0)
        pthread_cond_wait (&w->done, &w->lock);
      pthread_mutex_unlock (&w->lock);
    }
}

/* Contiguous parts of n images: part k is [start[k], start[k + 1]). */
static void
split (sl_workers *w, int n, int used)
{
  for (int k = 0; k <= used; k++)
    w->start[k] = (int) ((long) k * n / used);
}

sl_workers *
sl_workers_new (sl_net *master, int threads, int batch, char *err, size_t err_len)
{
  sl_workers *w;
  int count = threads, part;

  if (count <= 0)
    {
      long cores = sysconf (_SC_NPROCESSORS_ONLN);

      count = cores > 0 ? (int) cores : 1;
    }
  if (count > batch / 2)
    count = batch / 2;
  if (count > MAX_WORKERS)
    count = MAX_WORKERS;
  if (count < 1)
    count = 1;
  /* a short last batch can give a replica 3 images when the full parts are 2 */
  part = (batch + count - 1) / count;
  if (part < 3)
    part = 3;

  w = calloc (1, sizeof *w);
  if (!w)
    goto oom;
  w->nets[0] = master;
  w->count = 1;
  pthread_mutex_init (&w->lock, NULL);
  pthread_cond_init (&w->go, NULL);
  pthread_cond_init (&w->done, NULL);
  for (int i = 1; i < count; i++)
    {
      w->nets[i] = sl_net_create (master->arch, master->in_c, master->in_h, master->in_w, part, 0,
                                  err, err_len);
      if (!w->nets[i])
        {
          sl_workers_free (w);
          return NULL;
        }
      w->slots[i] = (slot) { w, i };
      if (pthread_create (&w->threads[i], NULL, worker_main, &w->slots[i]) != 0)
        {
          sl_net_free (w->nets[i]);
          w->nets[i] = NULL;
          sl_workers_free (w);
          if (err && err_len)
            snprintf (err, err_len, "cannot start training thread %d", i + 1);
          return NULL;
        }
      w->count = i + 1;
    }
  sl_workers_sync (w);
  return w;

oom:
  if (err && err_len)
    snprintf (err, err_len, "out of memory");
  return NULL;
}

void
sl_workers_free (sl_workers *w)
{
  if (!w)
    return;
  pthread_mutex_lock (&w->lock);
  w->quit = 1;
  pthread_cond_broadcast (&w->go);
  pthread_mutex_unlock (&w->lock);
  for (int i = 1; i < w->count; i++)
    {
      pthread_join (w->threads[i], NULL);
      sl_net_free (w->nets[i]);
    }
  pthread_mutex_destroy (&w->lock);
  pthread_cond_destroy (&w->go);
  pthread_cond_destroy (&w->done);
  free (w);
}

int
sl_workers_count (const sl_workers *w)
{
  return w->count;
}

void
sl_workers_sync (sl_workers *w)
{
  const sl_net *m = w->nets[0];

  for (int i = 1; i < w->count; i++)
    {
      sl_net *r = w->nets[i];

      memcpy (r->params, m->params, sizeof (float) * m->n_params);
      memcpy (r->buffers, m->buffers, sizeof (float) * m->n_buffers);
      sl_net_set_normalisation (r, m->norm_mean, m->norm_std);
    }
}

static void
step_job (sl_workers *w, int id)
{
  sl_net *net = w->nets[id];
  const int s = w->start[id], m = w->start[id + 1] - s, K = net->n_classes;
  const size_t img = (size_t) net->in_c * net->in_h * net->in_w;
  const int *y = w->y + s;
  const float *logits;
  int correct = 0;

  sl_net_load_input (net, w->x + s * img, m);
  logits = sl_net_forward (net, m, 1);
  w->loss[id] = sl_softmax_xent (K, m, logits, y, w->class_weight, w->smoothing, net->probs,
                                 net->dlogits);
  /* the backward pass is linear in dlogits: the part's share of the batch's loss */
  if (w->scale[id] != 1.0f)
    for (size_t j = 0; j < (size_t) K * m; j++)
      net->dlogits[j] *= w->scale[id];
  sl_net_backward (net, m, net->dlogits, -1);
  for (int i = 0; i < m; i++)
    {
      int arg = 0;

      for (int k = 1; k < K; k++)
        if (net->probs[(size_t) k * m + i] > net->probs[(size_t) arg * m + i])
          arg = k;
      correct += arg == y[i];
    }
  w->correct[id] = correct;
}

float
sl_workers_step (sl_workers *w, const float *x, const int *y, int n, const float *class_weight,
                 float smoothing, int *correct)
{
  sl_net *master = w->nets[0];
  const int used = n / 2 < 1 ? 1 : n / 2 < w->count ? n / 2 : w->count;
  double wsum[MAX_WORKERS], total = 0, loss = 0;

  split (w, n, used);
  for (int k = 0; k < used; k++)
    {
      wsum[k] = 0;
      for (int i = w->start[k]; i < w->start[k + 1]; i++)
        wsum[k] += class_weight ? class_weight[y[i]] : 1.0;
      total += wsum[k];
    }
  for (int k = 0; k < used; k++)
    w->scale[k] = used == 1 || total <= 0 ? 1.0f : (float) (wsum[k] / total);
  for (int k = 1; k < used; k++)
    sl_rng_seed (&w->nets[k]->dropout_rng, (uint64_t) sl_rng_u32 (&master->dropout_rng) << 32
                                             | sl_rng_u32 (&master->dropout_rng));
  w->x = x;
  w->y = y;
  w->class_weight = class_weight;
  w->smoothing = smoothing;
  run (w, step_job, used);

  /* reduce in a fixed order */
  *correct = 0;
  for (int k = 0; k < used; k++)
    {
      loss += (double) w->loss[k] * w->scale[k];
      *correct += w->correct[k];
    }
  for (int k = 1; k < used; k++)
    {
      const float *g = w->nets[k]->grads;

      for (size_t i = 0; i < master->n_params; i++)
        master->grads[i] += g[i];
    }
  if (used > 1)
    for (size_t i = 0; i < master->n_buffers; i++)
      {
        float s = master->buffers[i];

        for (int k = 1; k < used; k++)
          s += w->nets[k]->buffers[i];
        master->buffers[i] = s / used;
      }
  return (float) loss;
}

static void
predict_job (sl_workers *w, int id)
{
  sl_net *net = w->nets[id];
  const size_t img = (size_t) net->in_c * net->in_h * net->in_w;
  const int s = w->start[id], m = w->start[id + 1] - s;

  sl_net_predict (net, w->x + s * img, m, w->probs + (size_t) s * net->n_classes);
}

void
sl_workers_predict (sl_workers *w, const float *x, int n, float *probs)
{
  const int used = n < w->count ? (n > 0 ? n : 1) : w->count;

  split (w, n, used);
  w->x = x;
  w->probs = probs;
  run (w, predict_job, used);
}
