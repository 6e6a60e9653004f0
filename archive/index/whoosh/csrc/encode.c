/* `Postings.encode`: a term's posting blocks and dictionary entry, in C.

   The same bytes `ArchiveFieldWriter.add_term` writes for the term
   (`ArchivePostingsWriter.add_many` and `_write_block`, the statistics of
   Whoosh's `W3TermInfo.add_block`, `ArchiveTermInfo.to_bytes`; see
   archive/index/whoosh/codec/postings.py for the block layout), which cost
   a tenth of an ingest's CPU in Python. Only for what it can do exactly:
   whole weights below 2**24 (so every sum is exact, whatever order or
   method Python's `sum` uses) and values either all empty or all not. For
   anything else `encode` answers None and the Python path writes the term.
   Part of the `_accumulate` module (see accumulate.c).
*/
#include "postings.h"

#include <string.h>

/* Whoosh's `length_to_byte` table (whoosh.util.numeric._length_byte_cache). */
static long length_bytes[256];
static int have_length_bytes = 0;

PyObject *set_length_bytes(PyObject *self, PyObject *table) {
    PyObject *seq = PySequence_Fast(table, "set_length_bytes: a sequence of 256 ints");
    if (!seq)
        return NULL;
    if (PySequence_Fast_GET_SIZE(seq) != 256) {
        Py_DECREF(seq);
        PyErr_SetString(PyExc_ValueError, "set_length_bytes: a sequence of 256 ints");
        return NULL;
    }
    for (int i = 0; i < 256; i++) {
        length_bytes[i] = PyLong_AsLong(PySequence_Fast_GET_ITEM(seq, i));
        if (length_bytes[i] == -1 && PyErr_Occurred()) {
            Py_DECREF(seq);
            return NULL;
        }
    }
    Py_DECREF(seq);
    have_length_bytes = 1;
    Py_RETURN_NONE;
}

static unsigned char length_to_byte(long length) {
    if (length >= length_bytes[255])
        return 255;
    int lo = 0, hi = 256; /* bisect_left */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (length_bytes[mid] < length)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (unsigned char)lo;
}

/* -- an output buffer -------------------------------------------------------- */

typedef struct {
    unsigned char *b;
    Py_ssize_t n, cap;
} Out;

static int out_room(Out *o, Py_ssize_t more) {
    if (o->n + more <= o->cap)
        return 0;
    Py_ssize_t cap = (o->n + more) * 2 + 64;
    unsigned char *b = PyMem_Realloc(o->b, cap);
    if (!b)
        return PyErr_NoMemory(), -1;
    o->b = b;
    o->cap = cap;
    return 0;
}

static int out_byte(Out *o, unsigned char c) {
    if (out_room(o, 1) < 0)
        return -1;
    o->b[o->n++] = c;
    return 0;
}

static int out_varint(Out *o, unsigned long long v) { /* encoding._put */
    if (out_room(o, 10) < 0)
        return -1;
    while (v > 0x7F) {
        o->b[o->n++] = (unsigned char)((v & 0x7F) | 0x80);
        v >>= 7;
    }
    o->b[o->n++] = (unsigned char)v;
    return 0;
}

static int out_bytes(Out *o, const void *src, Py_ssize_t len) {
    if (out_room(o, len) < 0)
        return -1;
    memcpy(o->b + o->n, src, len);
    o->n += len;
    return 0;
}

/* One value little-endian in 1, 2 or 4 bytes (encoding._pack, width codes 0-2). */
static int out_packed(Out *o, unsigned long v, int code) {
    int w = code == 0 ? 1 : code == 1 ? 2 : 4;
    if (out_room(o, w) < 0)
        return -1;
    for (int i = 0; i < w; i++)
        o->b[o->n++] = (unsigned char)(v >> (8 * i));
    return 0;
}

static int width(unsigned long long maximum) { /* encoding._width; -1: too large */
    if (maximum < 0x100)
        return 0;
    if (maximum < 0x10000)
        return 1;
    if (maximum < 0x100000000ULL)
        return 2;
    return -1;
}

/* -- statistics of a run of postings ----------------------------------------- */

typedef struct {
    double weight;    /* sum */
    double maxweight; /* never below 0 */
    long minlength;   /* -1: none known */
    long maxlength;
} Stats;

/* `_block_stats` of postings [s, e): lengths[docnum] of the field, 0 unknown. */
static int block_stats(const Postings *p, Py_ssize_t s, Py_ssize_t e, PyObject *lengths, Stats *st) {
    double top = p->weights[s], sum = 0;
    st->minlength = -1;
    st->maxlength = 0;
    for (Py_ssize_t i = s; i < e; i++) {
        double w = p->weights[i];
        sum += w;
        if (w > top)
            top = w;
        if (lengths != Py_None) {
            int32_t d = p->docs[i];
            if (d < 0 || d >= PyList_GET_SIZE(lengths)) {
                PyErr_SetString(PyExc_IndexError, "encode: a docnum beyond the field lengths");
                return -1;
            }
            long n = PyLong_AsLong(PyList_GET_ITEM(lengths, d));
            if (n == -1 && PyErr_Occurred())
                return -1;
            if (n) {
                if (st->minlength < 0 || n < st->minlength)
                    st->minlength = n;
                if (n > st->maxlength)
                    st->maxlength = n;
            }
        }
    }
    st->weight = sum;
    st->maxweight = top > 0 ? top : 0;
    return 0;
}

/* -- the encodings ----------------------------------------------------------- */

#define TI_INLINE 1
#define TI_VALUES 4
#define B_LAST 1
#define B_ONES 4
#define B_VALUES 8

/* The dictionary entry of a term whose postings are inline (n <= inlinelimit). */
static int inline_entry(const Postings *p, const Stats *st, int values, Out *o) {
    if (out_byte(o, TI_INLINE | (values ? TI_VALUES : 0)) < 0 || out_varint(o, p->n) < 0 ||
        out_varint(o, (unsigned long long)st->weight) < 0 || out_varint(o, (unsigned long long)st->maxweight) < 0 ||
        out_byte(o, st->minlength < 0 ? 0 : length_to_byte(st->minlength)) < 0 ||
        out_byte(o, length_to_byte(st->maxlength)) < 0 || out_varint(o, p->docs[0]) < 0 ||
        out_varint(o, p->docs[p->n - 1] - p->docs[0]) < 0 || out_varint(o, p->n) < 0)
        return -1;
    for (Py_ssize_t i = 1; i < p->n; i++)
        if (out_varint(o, p->docs[i] - p->docs[i - 1]) < 0)
            return -1;
    if (p->n > 1)
        for (Py_ssize_t i = 0; i < p->n; i++)
            if (out_varint(o, (unsigned long long)p->weights[i]) < 0)
                return -1;
    if (values) {
        Py_ssize_t off = 0;
        for (Py_ssize_t i = 0; i < p->n; i++) {
            if (out_varint(o, p->lens[i]) < 0 || out_bytes(o, p->data + off, p->lens[i]) < 0)
                return -1;
            off += p->lens[i];
        }
    }
    return 0;
}

/* One posting block [s, e) (`_write_block`); 1: a width too large (Python's turn). */
static int block(const Postings *p, Py_ssize_t s, Py_ssize_t e, Py_ssize_t voff, int values, int last,
                 const Stats *st, Out *o) {
    Py_ssize_t n = e - s;
    unsigned long long maxdelta = 0, maxw = 0, maxlen = 0;
    int ones = 1;
    for (Py_ssize_t i = s; i < e; i++) {
        if (i > s && (unsigned long long)(p->docs[i] - p->docs[i - 1]) > maxdelta)
            maxdelta = p->docs[i] - p->docs[i - 1];
        if (p->weights[i] != 1.0f)
            ones = 0;
        if ((unsigned long long)p->weights[i] > maxw)
            maxw = (unsigned long long)p->weights[i];
        if (p->lens[i] > maxlen)
            maxlen = p->lens[i];
    }
    int idw = n > 1 ? width(maxdelta) : 0, ww = ones ? 0 : width(maxw), lw = values ? width(maxlen) : 0;
    if (idw < 0 || ww < 0 || lw < 0)
        return 1;
    Out data = {NULL, 0, 0};
    int rc = -1;
    for (Py_ssize_t i = s + 1; i < e; i++)
        if (out_packed(&data, (unsigned long)(p->docs[i] - p->docs[i - 1]), idw) < 0)
            goto done;
    if (!ones)
        for (Py_ssize_t i = s; i < e; i++)
            if (out_packed(&data, (unsigned long)p->weights[i], ww) < 0)
                goto done;
    if (values) {
        Py_ssize_t total = 0;
        for (Py_ssize_t i = s; i < e; i++) {
            if (out_packed(&data, p->lens[i], lw) < 0)
                goto done;
            total += p->lens[i];
        }
        if (out_bytes(&data, p->data + voff, total) < 0)
            goto done;
    }
    int flags = (last ? B_LAST : 0) | (ones ? B_ONES : 0) | (values ? B_VALUES : 0);
    if (out_byte(o, flags) < 0 || out_byte(o, idw | (ww << 2) | (lw << 4)) < 0 || out_varint(o, n) < 0 ||
        out_varint(o, p->docs[s]) < 0 || out_varint(o, p->docs[e - 1] - p->docs[s]) < 0 ||
        out_varint(o, (unsigned long long)st->maxweight) < 0 ||
        out_byte(o, st->minlength < 0 ? 0 : length_to_byte(st->minlength)) < 0 ||
        out_byte(o, length_to_byte(st->maxlength)) < 0 || out_varint(o, data.n) < 0 ||
        out_bytes(o, data.b, data.n) < 0)
        goto done;
    rc = 0;
done:
    PyMem_Free(data.b);
    return rc;
}

/* The entry of a term written as blocks: the statistics `add_block` sums. */
static int block_entry(const Postings *p, const Stats *st, unsigned long long offset, Py_ssize_t length, Out *o) {
    if (out_byte(o, 0) < 0 || out_varint(o, p->n) < 0 || out_varint(o, (unsigned long long)st->weight) < 0 ||
        out_varint(o, (unsigned long long)st->maxweight) < 0 ||
        out_byte(o, st->minlength < 0 ? 0 : length_to_byte(st->minlength)) < 0 ||
        out_byte(o, length_to_byte(st->maxlength)) < 0 || out_varint(o, p->docs[0]) < 0 ||
        out_varint(o, p->docs[p->n - 1] - p->docs[0]) < 0 || out_varint(o, offset) < 0 ||
        out_varint(o, length) < 0)
        return -1;
    return 0;
}

/* Whole weights in [0, 2**24), docnums ascending, values all empty or all
   not: what `encode` writes itself. 1 yes, 0 no. */
static int encodable(const Postings *p, int *values) {
    Py_ssize_t empty = 0;
    if (p->docs[0] < 0)
        return 0; /* Python's varints refuse it */
    for (Py_ssize_t i = 0; i < p->n; i++) {
        float w = p->weights[i];
        if (!(w >= 0 && w < 16777216.0f && w == (float)(long)w))
            return 0;
        if (i && p->docs[i] <= p->docs[i - 1])
            return 0;
        if (!p->lens[i])
            empty++;
    }
    if (empty && empty != p->n)
        return 0;
    *values = empty == 0;
    return 1;
}

/* encode(lengths, blocklimit, inlinelimit, offset) -> (postings bytes, entry bytes) or None */
PyObject *postings_encode(Postings *p, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || (args[0] != Py_None && !PyList_CheckExact(args[0]))) {
        PyErr_SetString(PyExc_TypeError, "encode(lengths list or None, blocklimit, inlinelimit, offset)");
        return NULL;
    }
    if (!have_length_bytes) {
        PyErr_SetString(PyExc_RuntimeError, "encode: set_length_bytes was not called");
        return NULL;
    }
    PyObject *lengths = args[0];
    Py_ssize_t limit, inlinelimit;
    if (as_ssize(args[1], &limit) < 0 || as_ssize(args[2], &inlinelimit) < 0)
        return NULL;
    unsigned long long offset = PyLong_AsUnsignedLongLong(args[3]);
    if (offset == (unsigned long long)-1 && PyErr_Occurred())
        return NULL;
    int values;
    if (p->n < 2 || limit <= 0 || inlinelimit < 1 || !encodable(p, &values)) /* what add_term does otherwise */
        Py_RETURN_NONE;
    Out post = {NULL, 0, 0}, entry = {NULL, 0, 0};
    PyObject *result = NULL;
    Stats all;
    if (p->n <= inlinelimit) {
        if (block_stats(p, 0, p->n, lengths, &all) < 0)
            goto done;
        if (all.weight >= 4294967296.0) { /* Python writes it as a float */
            result = Py_None;
            Py_INCREF(result);
            goto done;
        }
        if (inline_entry(p, &all, values, &entry) < 0)
            goto done;
    } else {
        all.weight = all.maxweight = 0;
        all.minlength = -1;
        all.maxlength = 0;
        Py_ssize_t voff = 0;
        for (Py_ssize_t s = 0; s < p->n; s += limit) {
            Py_ssize_t e = s + limit < p->n ? s + limit : p->n;
            Stats st;
            if (block_stats(p, s, e, lengths, &st) < 0)
                goto done;
            int r = block(p, s, e, voff, values, e == p->n, &st, &post);
            if (r < 0)
                goto done;
            if (r > 0) {
                result = Py_None;
                Py_INCREF(result);
                goto done;
            }
            for (Py_ssize_t i = s; i < e; i++)
                voff += p->lens[i];
            all.weight += st.weight;
            if (st.minlength >= 0 && (all.minlength < 0 || st.minlength < all.minlength))
                all.minlength = st.minlength;
            if (all.minlength >= 0 && st.minlength < 0) { /* Whoosh: min(int, None) fails; let it */
                result = Py_None;
                Py_INCREF(result);
                goto done;
            }
            if (st.maxlength > all.maxlength)
                all.maxlength = st.maxlength;
            if (st.maxweight > all.maxweight)
                all.maxweight = st.maxweight;
        }
        if (all.weight >= 4294967296.0) { /* Python writes it as a float */
            result = Py_None;
            Py_INCREF(result);
            goto done;
        }
        if (block_entry(p, &all, offset, post.n, &entry) < 0)
            goto done;
    }
    result = Py_BuildValue("(y#y#)", post.b ? (const char *)post.b : "", post.n, (const char *)entry.b, entry.n);
done:
    PyMem_Free(post.b);
    PyMem_Free(entry.b);
    return result;
}
