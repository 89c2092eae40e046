/*
 * dualuse.matching._ranking: the candidate index's last step, in C.
 *
 * top_names() is dualuse.matching.index.top_names_numpy() without numpy's per-call
 * overhead: a query reaches a few hundred names, and on so few the dozen numpy calls
 * (sort, cumsum, bincount, isin, argpartition, lexsort, tolist) cost several times the
 * arithmetic. Same inputs, same result to the bit (tests/matching/test_ranking.py):
 *
 *   - a name's sum is its weights added in double, in the order of the parts, then
 *     rounded to float32 (as np.bincount and .astype(np.float32));
 *   - a common posting adds its weight, as float32, to the names already reached;
 *   - rank = sum / (q_total + 0.5 * max(name_weight - sum, 0)), all in float32;
 *   - the best `limit` by rank, then by name number, best first, and the names tied
 *     with the last of them, up to 2 * limit in all.
 *
 * The module records the SHA-256 of this file (DUALUSE_SOURCE_SHA256, set by setup.py)
 * so that an edited source is never run through a stale build (see index.py).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef DUALUSE_SOURCE_SHA256
#define DUALUSE_SOURCE_SHA256 ""
#endif

typedef struct {
    int32_t id;
    float rank;
} Ranked;

/* a ranks before b: higher rank, then lower name number */
static inline int before(const Ranked *a, const Ranked *b) {
    return a->rank > b->rank || (a->rank == b->rank && a->id < b->id);
}

/* a heap whose root is the worst kept entry */
static void sift_down(Ranked *heap, Py_ssize_t n, Py_ssize_t i) {
    for (;;) {
        Py_ssize_t l = 2 * i + 1, r = l + 1, worst = i;
        if (l < n && before(&heap[worst], &heap[l])) worst = l;
        if (r < n && before(&heap[worst], &heap[r])) worst = r;
        if (worst == i) return;
        Ranked t = heap[i];
        heap[i] = heap[worst];
        heap[worst] = t;
        i = worst;
    }
}

static void sift_up(Ranked *heap, Py_ssize_t i) {
    while (i > 0) {
        Py_ssize_t parent = (i - 1) / 2;
        if (!before(&heap[parent], &heap[i])) return;
        Ranked t = heap[i];
        heap[i] = heap[parent];
        heap[parent] = t;
        i = parent;
    }
}

static int cmp_ranked(const void *x, const void *y) {
    const Ranked *a = x, *b = y;
    return before(a, b) ? -1 : (before(b, a) ? 1 : 0);
}

static int cmp_int32(const void *x, const void *y) {
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

/* a contiguous one-dimensional buffer of `code` ('i' int32 or 'f' float32) items */
static int get_vector(PyObject *obj, Py_buffer *view, char code, const char *what) {
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) return -1;
    const char *fmt = view->format ? view->format : "B";
    if (*fmt == '=' || *fmt == '<' || *fmt == '@') fmt++;
    int ok = view->ndim == 1 && view->itemsize == 4 &&
             (fmt[0] == code || (code == 'i' && fmt[0] == 'l' && sizeof(long) == 4)) &&
             fmt[1] == '\0';
    if (!ok) {
        PyErr_Format(PyExc_TypeError, "%s must be a one-dimensional %s array, not format %s",
                     what, code == 'i' ? "int32" : "float32", view->format ? view->format : "?");
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* open addressing: name number -> slot in the arrays of distinct names */
typedef struct {
    int32_t *keys; /* -1: empty */
    Py_ssize_t *slot;
    size_t mask;
} Table;

static int table_init(Table *t, Py_ssize_t items) {
    size_t cap = 16;
    while (cap < (size_t)items * 2) cap <<= 1;
    t->mask = cap - 1;
    t->keys = malloc(cap * sizeof(int32_t));
    t->slot = malloc(cap * sizeof(Py_ssize_t));
    if (!t->keys || !t->slot) return -1;
    memset(t->keys, 0xff, cap * sizeof(int32_t));
    return 0;
}

static void table_free(Table *t) {
    free(t->keys);
    free(t->slot);
}

static inline size_t hash_id(int32_t id) {
    return (size_t)((uint32_t)id * 2654435761u);
}

/* the slot of `id`, or -1 */
static inline Py_ssize_t table_find(const Table *t, int32_t id) {
    for (size_t h = hash_id(id) & t->mask;; h = (h + 1) & t->mask) {
        if (t->keys[h] == id) return t->slot[h];
        if (t->keys[h] == -1) return -1;
    }
}

/* the slot of `id`, made `next` when `id` is new (then *added is set) */
static inline Py_ssize_t table_put(Table *t, int32_t id, Py_ssize_t next, int *added) {
    for (size_t h = hash_id(id) & t->mask;; h = (h + 1) & t->mask) {
        if (t->keys[h] == id) return t->slot[h];
        if (t->keys[h] == -1) {
            t->keys[h] = id;
            t->slot[h] = next;
            *added = 1;
            return next;
        }
    }
}

static PyObject *top_names(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *ids_parts, *weight_parts, *common, *name_weight_obj;
    double q_total;
    Py_ssize_t limit;
    if (!PyArg_ParseTuple(args, "O!O!O!Odn:top_names", &PyList_Type, &ids_parts, &PyList_Type,
                          &weight_parts, &PyList_Type, &common, &name_weight_obj, &q_total,
                          &limit))
        return NULL;
    Py_ssize_t n_parts = PyList_GET_SIZE(ids_parts);
    if (PyList_GET_SIZE(weight_parts) != n_parts) {
        PyErr_SetString(PyExc_ValueError, "ids_parts and weight_parts differ in length");
        return NULL;
    }
    if (limit < 0) {
        PyErr_SetString(PyExc_ValueError, "limit must not be negative");
        return NULL;
    }
    PyObject *result = NULL;
    Py_buffer *views = NULL;
    Py_ssize_t n_views = 0;
    Py_buffer nw_view = {0};
    int have_nw = 0;
    Table table = {0};
    int32_t *uniq = NULL;
    double *sums = NULL;
    float *sums32 = NULL;
    Ranked *heap = NULL;
    Ranked *ranked = NULL;

    views = calloc((size_t)(2 * n_parts + 1), sizeof(Py_buffer));
    if (!views) goto nomem;
    Py_ssize_t total = 0;
    for (Py_ssize_t p = 0; p < n_parts; p++) {
        if (get_vector(PyList_GET_ITEM(ids_parts, p), &views[n_views], 'i', "a part's names") < 0)
            goto done;
        n_views++;
        if (get_vector(PyList_GET_ITEM(weight_parts, p), &views[n_views], 'f',
                       "a part's weights") < 0)
            goto done;
        n_views++;
        if (views[n_views - 1].len != views[n_views - 2].len) {
            PyErr_SetString(PyExc_ValueError, "a part's names and weights differ in length");
            goto done;
        }
        total += views[n_views - 2].len / 4;
    }
    if (get_vector(name_weight_obj, &nw_view, 'f', "name_weight") < 0) goto done;
    have_nw = 1;
    Py_ssize_t n_names = nw_view.len / 4;
    const float *name_weight = nw_view.buf;

    if (table_init(&table, total) < 0) goto nomem;
    uniq = malloc((size_t)(total + 1) * sizeof(int32_t));
    sums = malloc((size_t)(total + 1) * sizeof(double));
    if (!uniq || !sums) goto nomem;
    Py_ssize_t n_uniq = 0;
    for (Py_ssize_t p = 0; p < n_parts; p++) {
        const int32_t *ids = views[2 * p].buf;
        const float *ws = views[2 * p + 1].buf;
        Py_ssize_t len = views[2 * p].len / 4;
        for (Py_ssize_t i = 0; i < len; i++) {
            int32_t id = ids[i];
            if (id < 0 || id >= n_names) {
                PyErr_Format(PyExc_IndexError, "name number %d is outside name_weight (%zd)",
                             (int)id, n_names);
                goto done;
            }
            int added = 0;
            Py_ssize_t s = table_put(&table, id, n_uniq, &added);
            if (added) {
                uniq[n_uniq] = id;
                sums[n_uniq] = (double)ws[i];
                n_uniq++;
            } else {
                sums[s] += (double)ws[i];
            }
        }
    }
    sums32 = malloc((size_t)(n_uniq + 1) * sizeof(float));
    if (!sums32) goto nomem;
    for (Py_ssize_t i = 0; i < n_uniq; i++) sums32[i] = (float)sums[i];

    /* common postings (sorted name numbers): their weight goes to names already reached */
    Py_ssize_t n_common = PyList_GET_SIZE(common);
    for (Py_ssize_t c = 0; c < n_common; c++) {
        PyObject *pair = PyList_GET_ITEM(common, c);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            PyErr_SetString(PyExc_TypeError, "common must hold (names, weight) tuples");
            goto done;
        }
        double w = PyFloat_AsDouble(PyTuple_GET_ITEM(pair, 1));
        if (w == -1.0 && PyErr_Occurred()) goto done;
        float w32 = (float)w;
        Py_buffer post;
        if (get_vector(PyTuple_GET_ITEM(pair, 0), &post, 'i', "a common posting") < 0) goto done;
        const int32_t *ids = post.buf;
        Py_ssize_t len = post.len / 4;
        if (len < n_uniq * 8) {
            for (Py_ssize_t i = 0; i < len; i++) {
                Py_ssize_t s = table_find(&table, ids[i]);
                if (s >= 0) sums32[s] = sums32[s] + w32;
            }
        } else {
            /* a long posting: look each reached name up in it instead */
            for (Py_ssize_t s = 0; s < n_uniq; s++) {
                int32_t key = uniq[s];
                if (bsearch(&key, ids, (size_t)len, sizeof(int32_t), cmp_int32))
                    sums32[s] = sums32[s] + w32;
            }
        }
        PyBuffer_Release(&post);
    }

    float q = (float)(q_total != 0.0 ? q_total : 1.0);
    ranked = malloc((size_t)(n_uniq + 1) * sizeof(Ranked));
    Py_ssize_t keep = n_uniq < limit ? n_uniq : limit;
    heap = malloc((size_t)(keep + 1) * sizeof(Ranked));
    if (!ranked || !heap) goto nomem;
    Py_ssize_t n_heap = 0;
    for (Py_ssize_t s = 0; s < n_uniq; s++) {
        float extra = name_weight[uniq[s]] - sums32[s];
        if (!(extra > 0.0f)) extra = 0.0f; /* np.maximum(x, 0.0) */
        float denom = q + 0.5f * extra;
        Ranked r = {uniq[s], sums32[s] / denom};
        ranked[s] = r;
        if (keep == 0) continue;
        if (n_heap < keep) {
            heap[n_heap] = r;
            sift_up(heap, n_heap);
            n_heap++;
        } else if (before(&r, &heap[0])) {
            heap[0] = r;
            sift_down(heap, n_heap, 0);
        }
    }
    /* the best `limit`, and the names tied with the last of them, up to 2 * limit */
    Py_ssize_t n_out = 0;
    if (keep > 0) {
        float kth = heap[0].rank;
        for (Py_ssize_t s = 0; s < n_uniq; s++)
            if (ranked[s].rank >= kth) ranked[n_out++] = ranked[s];
    }
    qsort(ranked, (size_t)n_out, sizeof(Ranked), cmp_ranked);
    if (n_out > 2 * limit) n_out = 2 * limit;
    result = PyList_New(n_out);
    if (!result) goto done;
    for (Py_ssize_t i = 0; i < n_out; i++) {
        PyObject *item = Py_BuildValue("(id)", (int)ranked[i].id, (double)ranked[i].rank);
        if (!item) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, i, item);
    }
    goto done;

nomem:
    PyErr_NoMemory();
done:
    for (Py_ssize_t v = 0; v < n_views; v++) PyBuffer_Release(&views[v]);
    free(views);
    if (have_nw) PyBuffer_Release(&nw_view);
    table_free(&table);
    free(uniq);
    free(sums);
    free(sums32);
    free(heap);
    free(ranked);
    return result;
}

static PyMethodDef methods[] = {
    {"top_names", top_names, METH_VARARGS,
     "top_names(ids_parts, weight_parts, common, name_weight, q_total, limit)\n--\n\n"
     "(name number, rank) of the best `limit` names, best first; see index.top_names_numpy."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "dualuse.matching._ranking",
    "The candidate index's last step in C (see _ranking.c).", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__ranking(void) {
    PyObject *m = PyModule_Create(&module);
    if (m && PyModule_AddStringConstant(m, "SOURCE_SHA256", DUALUSE_SOURCE_SHA256) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
