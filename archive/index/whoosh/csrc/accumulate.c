/* The ingest writer's posting loops, in C: module `_accumulate`.

   `archive.index.whoosh.segment.ArchiveSegmentWriter.add_document` spent
   most of its time in two Python loops: turning a prose field into
   (term, frequency, weight, positions) postings, and putting each posting
   into the `PostingBuffer` (a tuple for a term's first posting, then
   [array('i'), array('f'), PackedValues]); with the commit's writing of
   posting blocks they were about 40% of an ingest's CPU. This module runs
   them with the same results: the same terms, positions, weights and
   buffer contents, so the same segment bytes (`tests/test_fast_index.py`
   compares the paths). The Python loops in `archive.index.whoosh.postings`
   stay the reference and the fallback where this module was not built.

   The files: accumulate.c (this one: prose fields, from words to postings,
   and the module), buffer.c (one posting into the buffer), postings.c (a
   term's postings in C buffers), encode.c (writing them as blocks),
   exact.c (exact-value fields), fold.c (the duplicate key's folding).

   Positions are encoded as `CompactPositions.encode` does: the deltas as
   LEB128 varints (first position absolute).
*/
#include "buffer.h"

#include <string.h>

/* -- a growable buffer of positions ---------------------------------------- */

typedef struct {
    Py_ssize_t *items;
    Py_ssize_t n, cap;
} PosList;

static int poslist_push(PosList *p, Py_ssize_t v) {
    if (p->n == p->cap) {
        Py_ssize_t cap = p->cap ? p->cap * 2 : 4;
        Py_ssize_t *items = PyMem_Realloc(p->items, cap * sizeof(Py_ssize_t));
        if (!items) {
            PyErr_NoMemory();
            return -1;
        }
        p->items = items;
        p->cap = cap;
    }
    p->items[p->n++] = v;
    return 0;
}

/* LEB128 varints of the deltas, as CompactPositions.encode. */
static PyObject *encode_positions(const PosList *p) {
    unsigned char small[64];
    unsigned char *buf = small;
    Py_ssize_t cap = p->n * 10;
    if (cap > (Py_ssize_t)sizeof(small)) {
        buf = PyMem_Malloc(cap);
        if (!buf)
            return PyErr_NoMemory();
    }
    Py_ssize_t o = 0, prev = 0;
    for (Py_ssize_t i = 0; i < p->n; i++) {
        uint64_t d = (uint64_t)(p->items[i] - prev);
        prev = p->items[i];
        while (d > 0x7F) {
            buf[o++] = (unsigned char)((d & 0x7F) | 0x80);
            d >>= 7;
        }
        buf[o++] = (unsigned char)d;
    }
    PyObject *out = PyBytes_FromStringAndSize((const char *)buf, o);
    if (buf != small)
        PyMem_Free(buf);
    return out;
}

/* add_postings(items, terms, fieldname, docnum, fieldboost, scorable, unsorted, second_posting)
   -> (length, size): each (term bytes, frequency, weight, value) of `items`
   into the field's dict, its weight times `fieldboost`. */
static PyObject *add_postings(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    Target t;
    if (nargs != 1 + TARGET_ARGS) {
        PyErr_SetString(PyExc_TypeError, "add_postings takes 8 arguments");
        return NULL;
    }
    if (target_init(&t, args + 1) < 0)
        return NULL;
    PyObject *it = PyObject_GetIter(args[0]);
    if (!it)
        return NULL;
    long long length = 0;
    PyObject *item;
    while ((item = PyIter_Next(it))) {
        PyObject *tb = NULL, *fr = NULL, *wt = NULL, *vb = NULL;
        int bad = 0;
        if (PyTuple_CheckExact(item) && PyTuple_GET_SIZE(item) == 4) {
            tb = PyTuple_GET_ITEM(item, 0);
            fr = PyTuple_GET_ITEM(item, 1);
            wt = PyTuple_GET_ITEM(item, 2);
            vb = PyTuple_GET_ITEM(item, 3);
        } else {
            bad = 1;
        }
        if (bad || !PyBytes_CheckExact(tb)) {
            Py_DECREF(item);
            Py_DECREF(it);
            PyErr_SetString(PyExc_TypeError, "add_postings: items must be (bytes, int, float, value) tuples");
            return NULL;
        }
        double w = PyFloat_AsDouble(wt);
        long long f = w == -1.0 && PyErr_Occurred() ? -1 : PyLong_AsLongLong(fr);
        if (f == -1 && PyErr_Occurred()) {
            Py_DECREF(item);
            Py_DECREF(it);
            return NULL;
        }
        if (t.scorable)
            length += f;
        int r = add_one(&t, tb, w * t.fieldboost, vb);
        Py_DECREF(item);
        if (r < 0) {
            Py_DECREF(it);
            return NULL;
        }
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return NULL;
    return Py_BuildValue("(Ln)", length, t.size);
}

/* -- prose: words to terms to positions ------------------------------------ */

typedef struct {
    PyObject *order;   /* dict: term bytes -> index into lists (first occurrence order) */
    PosList *lists;
    PyObject **keys;   /* borrowed from order */
    Py_ssize_t n, cap;
} TermPositions;

static void tp_free(TermPositions *tp) {
    for (Py_ssize_t i = 0; i < tp->n; i++)
        PyMem_Free(tp->lists[i].items);
    PyMem_Free(tp->lists);
    PyMem_Free(tp->keys);
    Py_XDECREF(tp->order);
}

static int tp_add(TermPositions *tp, PyObject *tbytes, Py_ssize_t pos) {
    PyObject *ix = PyDict_GetItemWithError(tp->order, tbytes);
    Py_ssize_t i;
    if (ix) {
        i = PyLong_AsSsize_t(ix);
    } else {
        if (PyErr_Occurred())
            return -1;
        if (tp->n == tp->cap) {
            Py_ssize_t cap = tp->cap ? tp->cap * 2 : 64;
            PosList *lists = PyMem_Realloc(tp->lists, cap * sizeof(PosList));
            if (!lists)
                return PyErr_NoMemory(), -1;
            tp->lists = lists;
            PyObject **keys = PyMem_Realloc(tp->keys, cap * sizeof(PyObject *));
            if (!keys)
                return PyErr_NoMemory(), -1;
            tp->keys = keys;
            tp->cap = cap;
        }
        i = tp->n;
        PyObject *v = PyLong_FromSsize_t(i);
        if (!v)
            return -1;
        int r = PyDict_SetItem(tp->order, tbytes, v);
        Py_DECREF(v);
        if (r < 0)
            return -1;
        tp->keys[i] = tbytes; /* the dict holds it */
        tp->lists[i].items = NULL;
        tp->lists[i].n = tp->lists[i].cap = 0;
        tp->n++;
    }
    return poslist_push(&tp->lists[i], pos);
}

/* The term bytes of one surface word (None for a stopword), from `cache`
   or else `compute_term`, remembered while `cache` holds fewer than `cap`. */
static PyObject *s_lower;

/* The index term (str, or None for a stopword) of a word the cache does not
   hold: `term_fn(word)`, or, where `term_fn` is (compute_term, stopwords,
   stem_word), what `DutchAnalyzer.compute_term` does, here when the
   lower-cased word is ASCII (`fold` is then `lower`: most words) and by
   `compute_term` otherwise. */
static PyObject *compute_term(PyObject *word, PyObject *term_fn) {
    if (!PyTuple_CheckExact(term_fn) || PyTuple_GET_SIZE(term_fn) != 3)
        return PyObject_CallOneArg(term_fn, word);
    PyObject *low = PyObject_CallMethodNoArgs(word, s_lower);
    if (!low)
        return NULL;
    if (!PyUnicode_Check(low) || !PyUnicode_IS_ASCII(low)) {
        Py_DECREF(low);
        return PyObject_CallOneArg(PyTuple_GET_ITEM(term_fn, 0), word);
    }
    int stop = PyUnicode_GET_LENGTH(low) == 0 ? 1 : PySet_Contains(PyTuple_GET_ITEM(term_fn, 1), low);
    if (stop) {
        Py_DECREF(low);
        if (stop < 0)
            return NULL;
        Py_RETURN_NONE;
    }
    PyObject *term = PyObject_CallOneArg(PyTuple_GET_ITEM(term_fn, 2), low);
    Py_DECREF(low);
    return term;
}

static PyObject *word_term(PyObject *word, PyObject *cache, PyObject *term_fn, Py_ssize_t cap) {
    PyObject *tb = PyDict_GetItemWithError(cache, word);
    if (tb) {
        if (tb != Py_None && !PyBytes_CheckExact(tb)) {
            PyErr_SetString(PyExc_TypeError, "add_prose: the term cache holds bytes or None");
            return NULL;
        }
        Py_INCREF(tb);
        return tb;
    }
    if (PyErr_Occurred())
        return NULL;
    PyObject *term = compute_term(word, term_fn);
    if (!term)
        return NULL;
    if (term == Py_None) {
        tb = term;
    } else {
        tb = PyUnicode_AsUTF8String(term);
        Py_DECREF(term);
        if (!tb)
            return NULL;
    }
    if (PyDict_GET_SIZE(cache) < cap && PyDict_SetItem(cache, word, tb) < 0) {
        Py_DECREF(tb);
        return NULL;
    }
    return tb;
}

/* The i-th word of a part: its term's next position (None: a stopword, no
   position), as `term_positions` numbers them: kept words run on from the
   first kept one, which is at `start` + its index in the part. */
static int add_word(PyObject *word, Py_ssize_t i, Py_ssize_t start, Py_ssize_t *pos, PyObject *cache,
                    PyObject *term_fn, Py_ssize_t cap, TermPositions *tp) {
    PyObject *tb = word_term(word, cache, term_fn, cap);
    if (!tb)
        return -1;
    if (tb == Py_None) {
        Py_DECREF(tb);
        return 0;
    }
    *pos = *pos < 0 ? start + i : *pos + 1;
    int r = tp_add(tp, tb, *pos);
    Py_DECREF(tb); /* tp.order keeps the first of equal keys */
    return r;
}

/* Words by a Python `findall`, part by part (`value.split(part_break)`). */
static int findall_words(PyObject *value, PyObject *findall, PyObject *part_break, Py_ssize_t gap,
                         PyObject *cache, PyObject *term_fn, Py_ssize_t cap, TermPositions *tp) {
    PyObject *parts = PyUnicode_Split(value, part_break, -1);
    if (!parts)
        return -1;
    Py_ssize_t start = 0;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(parts); k++) {
        PyObject *words = PyObject_CallOneArg(findall, PyList_GET_ITEM(parts, k));
        if (!words || !PyList_CheckExact(words)) {
            if (words) {
                Py_DECREF(words);
                PyErr_SetString(PyExc_TypeError, "add_prose: findall must give a list");
            }
            Py_DECREF(parts);
            return -1;
        }
        Py_ssize_t pos = -1;
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(words); i++) {
            if (add_word(PyList_GET_ITEM(words, i), i, start, &pos, cache, term_fn, cap, tp) < 0) {
                Py_DECREF(words);
                Py_DECREF(parts);
                return -1;
            }
        }
        Py_DECREF(words);
        if (pos >= 0)
            start = pos + gap;
    }
    Py_DECREF(parts);
    return 0;
}

/* `\w` of a str pattern, as the re module tests it (SRE_UNI_IS_WORD). */
static inline int is_word(Py_UCS4 c) {
    if (c < 128)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    return Py_UNICODE_ISALNUM(c);
}

/* The words of TOKEN_PATTERN, `\w+(?:[.,']\w+)*`, scanned here: the
   matches `re.findall` gives (greedy, leftmost, none overlapping), without
   the regex engine. A `brk` character ends a part (it is no word
   character, so no word spans it). */
static int scan_words(PyObject *value, Py_UCS4 brk, Py_ssize_t gap, PyObject *cache, PyObject *term_fn,
                      Py_ssize_t cap, TermPositions *tp) {
    int kind = PyUnicode_KIND(value);
    const void *data = PyUnicode_DATA(value);
    Py_ssize_t n = PyUnicode_GET_LENGTH(value);
    Py_ssize_t start = 0, pos = -1, i = 0, j = 0;
    while (j < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, j);
        if (c == brk) {
            if (pos >= 0)
                start = pos + gap;
            pos = -1;
            i = 0;
            j++;
            continue;
        }
        if (!is_word(c)) {
            j++;
            continue;
        }
        Py_ssize_t b = j++;
        for (;;) {
            while (j < n && is_word(PyUnicode_READ(kind, data, j)))
                j++;
            if (j + 1 < n) {
                Py_UCS4 d = PyUnicode_READ(kind, data, j);
                if ((d == '.' || d == ',' || d == '\'') && is_word(PyUnicode_READ(kind, data, j + 1))) {
                    j += 2;
                    continue;
                }
            }
            break;
        }
        PyObject *word = PyUnicode_Substring(value, b, j);
        if (!word)
            return -1;
        int r = add_word(word, i++, start, &pos, cache, term_fn, cap, tp);
        Py_DECREF(word);
        if (r < 0)
            return -1;
    }
    return 0;
}

/* add_prose(value, findall, cache, term_fn, cap, part_break, part_gap, fb,
             terms, fieldname, docnum, fieldboost, scorable, unsorted, second_posting)
   -> (length, size): `DutchAnalyzer.term_positions` of `value` (words by
   `findall`, or None: by `scan_words`; terms through `cache`, else
   `term_fn` (a callable, or see `compute_term`),
   parts apart by `part_gap`),
   each term's posting (frequency, frequency * fb * fieldboost, encoded
   positions) into the field's dict, in first-occurrence order. */
static PyObject *add_prose(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 8 + TARGET_ARGS) {
        PyErr_SetString(PyExc_TypeError, "add_prose takes 15 arguments");
        return NULL;
    }
    PyObject *value = args[0], *findall = args[1], *cache = args[2], *term_fn = args[3];
    PyObject *part_break = args[5];
    if (!PyUnicode_Check(value) || !PyDict_Check(cache) || !PyUnicode_Check(part_break)) {
        PyErr_SetString(PyExc_TypeError, "add_prose: value str, cache dict, part_break str");
        return NULL;
    }
    if (PyUnicode_READY(value) < 0 || PyUnicode_READY(part_break) < 0)
        return NULL;
    Py_ssize_t cap, gap;
    double fb;
    Target t;
    if (as_ssize(args[4], &cap) < 0 || as_ssize(args[6], &gap) < 0 || as_double(args[7], &fb) < 0 ||
        target_init(&t, args + 8) < 0)
        return NULL;

    TermPositions tp = {PyDict_New(), NULL, NULL, 0, 0};
    PyObject *result = NULL;
    if (!tp.order)
        goto done;
    if (findall == Py_None) {
        Py_UCS4 brk = PyUnicode_GET_LENGTH(part_break) == 1 ? PyUnicode_READ_CHAR(part_break, 0) : 0;
        if (!brk || is_word(brk) || brk == '.' || brk == ',' || brk == '\'') {
            PyErr_SetString(PyExc_ValueError, "add_prose: the C word scan needs a part_break of one character "
                                              "that is no word character and no joiner");
            goto done;
        }
        if (scan_words(value, PyUnicode_READ_CHAR(part_break, 0), gap, cache, term_fn, cap, &tp) < 0)
            goto done;
    } else if (findall_words(value, findall, part_break, gap, cache, term_fn, cap, &tp) < 0) {
        goto done;
    }
    long long length = 0;
    for (Py_ssize_t i = 0; i < tp.n; i++) {
        Py_ssize_t freq = tp.lists[i].n;
        PyObject *vb = encode_positions(&tp.lists[i]);
        if (!vb)
            goto done;
        if (t.scorable)
            length += freq;
        int r = add_one(&t, tp.keys[i], (double)freq * fb * t.fieldboost, vb);
        Py_DECREF(vb);
        if (r < 0)
            goto done;
    }
    result = Py_BuildValue("(Ln)", length, t.size);
done:
    tp_free(&tp);
    return result;
}

static PyMethodDef methods[] = {
    {"add_postings", (PyCFunction)(void (*)(void))add_postings, METH_FASTCALL,
     "add_postings(items, terms, fieldname, docnum, fieldboost, scorable, unsorted, second_posting) -> (length, size)"},
    {"add_prose", (PyCFunction)(void (*)(void))add_prose, METH_FASTCALL,
     "add_prose(value, findall, cache, term_fn, cap, part_break, part_gap, fb, terms, fieldname, docnum, "
     "fieldboost, scorable, unsorted, second_posting) -> (length, size)"},
    {"add_exact", (PyCFunction)(void (*)(void))add_exact, METH_FASTCALL,
     "add_exact(value, lines, fb, terms, fieldname, docnum, fieldboost, scorable, unsorted, second_posting) "
     "-> (length, size)"},
    {"fold_words", (PyCFunction)(void (*)(void))fold_words, METH_FASTCALL,
     "fold_words(text, accent_map) -> ' '.join(fold(text).split())"},
    {"set_length_bytes", (PyCFunction)set_length_bytes, METH_O,
     "set_length_bytes(table): Whoosh's length_to_byte table (256 ints), for Postings.encode"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_accumulate",
    "The ingest writer's posting loops in C (see archive.index.whoosh.postings).", -1, methods,
};

PyMODINIT_FUNC PyInit__accumulate(void) {
    s_lower = PyUnicode_InternFromString("lower");
    if (!s_lower || buffer_ready() < 0)
        return NULL;
    if (postings_ready() < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m)
        return NULL;
    Py_INCREF(&PostingsType);
    if (PyModule_AddObject(m, "Postings", (PyObject *)&PostingsType) < 0) {
        Py_DECREF(&PostingsType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
