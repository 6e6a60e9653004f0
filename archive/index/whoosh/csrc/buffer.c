/* Putting one posting into the ingest's `PostingBuffer`, as the Python loop
   of `archive.index.whoosh.postings._add_python` puts it: a tuple for a
   term's first posting, a `Postings` (postings.c) from its second (or the
   Python `second_posting` form when a value is not bytes), and the same
   size estimate and out-of-order record. Part of the `_accumulate` module
   (see accumulate.c).
*/
#include "buffer.h"


static PyObject *s_append;

int buffer_ready(void) {
    s_append = PyUnicode_InternFromString("append");
    return s_append ? 0 : -1;
}

static int mark_unsorted(Target *t, PyObject *tbytes) {
    PyObject *key = PyTuple_Pack(2, t->fieldname, tbytes);
    if (!key)
        return -1;
    int r = PySet_Add(t->unsorted, key);
    Py_DECREF(key);
    return r;
}

static int call_append(PyObject *seq, PyObject *item) {
    PyObject *r = PyObject_CallMethodOneArg(seq, s_append, item);
    if (!r)
        return -1;
    Py_DECREF(r);
    return 0;
}

static long long last_docnum(PyObject *docs, int *err) {
    Py_ssize_t n = PySequence_Size(docs);
    if (n < 0) {
        *err = 1;
        return 0;
    }
    PyObject *last = PySequence_GetItem(docs, n - 1);
    if (!last) {
        *err = 1;
        return 0;
    }
    long long v = PyLong_AsLongLong(last);
    Py_DECREF(last);
    if (v == -1 && PyErr_Occurred())
        *err = 1;
    return v;
}

static int add_more(Target *t, PyObject *p, PyObject *tbytes, double weight, PyObject *vbytes, Py_ssize_t vlen);

/* One posting into the buffer, as the loop of `add_document` puts it. */
int add_one(Target *t, PyObject *tbytes, double weight, PyObject *vbytes) {
    Py_ssize_t vlen = 0; /* len(vbytes) if vbytes else 0 */
    if (PyBytes_CheckExact(vbytes)) {
        vlen = PyBytes_GET_SIZE(vbytes);
    } else if (vbytes != Py_None) {
        int has_value = PyObject_IsTrue(vbytes);
        if (has_value < 0)
            return -1;
        if (has_value && (vlen = PyObject_Length(vbytes)) < 0)
            return -1;
    }
    PyObject *p = PyDict_GetItemWithError(t->terms, tbytes);
    if (!p) {
        if (PyErr_Occurred())
            return -1;
        PyObject *w = PyFloat_FromDouble(weight);
        if (!w)
            return -1;
        PyObject *item = PyTuple_Pack(5, t->fieldname, tbytes, t->docnum, w, vbytes);
        Py_DECREF(w);
        if (!item)
            return -1;
        int r = PyDict_SetItem(t->terms, tbytes, item);
        Py_DECREF(item);
        if (r < 0)
            return -1;
        t->size += 200 + PyBytes_GET_SIZE(tbytes) + vlen;
        return 0;
    }
    Py_INCREF(p); /* what is called below may run Python code that replaces it */
    int r = add_more(t, p, tbytes, weight, vbytes, vlen);
    Py_DECREF(p);
    return r;
}

/* A posting of a term the field's dict already holds as `p`. */
static int add_more(Target *t, PyObject *p, PyObject *tbytes, double weight, PyObject *vbytes, Py_ssize_t vlen) {
    if (Py_IS_TYPE(p, &PostingsType)) {
        Postings *ps = (Postings *)p;
        if (ps->n && t->docnum_c < ps->docs[ps->n - 1] && mark_unsorted(t, tbytes) < 0)
            return -1;
        if (!PyBytes_CheckExact(vbytes)) {
            PyErr_SetString(PyExc_TypeError, "a posting value that is not bytes after bytes ones");
            return -1;
        }
        if (postings_push(ps, t->docnum_c, weight, PyBytes_AS_STRING(vbytes), PyBytes_GET_SIZE(vbytes)) < 0)
            return -1;
        t->size += 16 + vlen;
        return 0;
    }
    if (PyTuple_CheckExact(p) && PyTuple_GET_SIZE(p) != 5) {
        PyErr_SetString(PyExc_TypeError, "a term's first posting must be a 5-tuple");
        return -1;
    }
    if (PyTuple_CheckExact(p) && PyBytes_CheckExact(PyTuple_GET_ITEM(p, 4)) && PyBytes_CheckExact(vbytes)) {
        long long first = PyLong_AsLongLong(PyTuple_GET_ITEM(p, 2));
        if (first == -1 && PyErr_Occurred())
            return -1;
        double w0 = PyFloat_AsDouble(PyTuple_GET_ITEM(p, 3));
        if (w0 == -1.0 && PyErr_Occurred())
            return -1;
        PyObject *v0 = PyTuple_GET_ITEM(p, 4);
        Postings *ps = (Postings *)PostingsType.tp_alloc(&PostingsType, 0);
        if (!ps)
            return -1;
        if (postings_push(ps, first, w0, PyBytes_AS_STRING(v0), PyBytes_GET_SIZE(v0)) < 0 ||
            postings_push(ps, t->docnum_c, weight, PyBytes_AS_STRING(vbytes), PyBytes_GET_SIZE(vbytes)) < 0) {
            Py_DECREF(ps);
            return -1;
        }
        int r = PyDict_SetItem(t->terms, tbytes, (PyObject *)ps);
        Py_DECREF(ps);
        if (r < 0)
            return -1;
        t->size += 250 + vlen;
        if (t->docnum_c < first && mark_unsorted(t, tbytes) < 0)
            return -1;
        return 0;
    }
    if (PyTuple_CheckExact(p)) {
        PyObject *w = PyFloat_FromDouble(weight);
        if (!w)
            return -1;
        PyObject *args[4] = {p, t->docnum, w, vbytes};
        PyObject *two = PyObject_Vectorcall(t->second, args, 4, NULL);
        Py_DECREF(w);
        if (!two)
            return -1;
        int r = PyDict_SetItem(t->terms, tbytes, two);
        Py_DECREF(two);
        if (r < 0)
            return -1;
        t->size += 250 + vlen;
        long long first = PyLong_AsLongLong(PyTuple_GET_ITEM(p, 2));
        if (first == -1 && PyErr_Occurred())
            return -1;
        if (t->docnum_c < first && mark_unsorted(t, tbytes) < 0)
            return -1;
        return 0;
    }
    /* [docnums, weights, values] */
    PyObject *docs = PySequence_GetItem(p, 0);
    PyObject *weights = docs ? PySequence_GetItem(p, 1) : NULL;
    PyObject *values = weights ? PySequence_GetItem(p, 2) : NULL;
    int rc = -1;
    if (!values)
        goto done;
    int err = 0;
    long long last = last_docnum(docs, &err);
    if (err)
        goto done;
    if (t->docnum_c < last && mark_unsorted(t, tbytes) < 0)
        goto done;
    if (call_append(docs, t->docnum) < 0)
        goto done;
    PyObject *w = PyFloat_FromDouble(weight);
    if (!w)
        goto done;
    int r = call_append(weights, w);
    Py_DECREF(w);
    if (r < 0)
        goto done;
    if (call_append(values, vbytes) < 0) /* a list, or a PackedValues made by Python */
        goto done;
    t->size += 16 + vlen;
    rc = 0;
done:
    Py_XDECREF(docs);
    Py_XDECREF(weights);
    Py_XDECREF(values);
    return rc;
}

int target_init(Target *t, PyObject *const *args) {
    PyObject *terms = args[0], *fieldname = args[1], *docnum = args[2], *unsorted = args[5], *second = args[6];
    if (!PyDict_Check(terms) || !PyUnicode_Check(fieldname) || !PyLong_Check(docnum) ||
        !PyAnySet_Check(unsorted) || !PyCallable_Check(second)) {
        PyErr_SetString(PyExc_TypeError, "add_*: terms dict, fieldname str, docnum int, fieldboost, scorable, "
                                         "unsorted set, second_posting callable");
        return -1;
    }
    t->terms = terms;
    t->fieldname = fieldname;
    t->docnum = docnum;
    t->docnum_c = PyLong_AsLongLong(docnum);
    if (t->docnum_c == -1 && PyErr_Occurred())
        return -1;
    if (as_double(args[3], &t->fieldboost) < 0 || (t->scorable = PyObject_IsTrue(args[4])) < 0)
        return -1;
    t->unsorted = unsorted;
    t->second = second;
    t->size = 0;
    return 0;
}
