/* `Postings`: a term's postings, once it has two, in C buffers.

   The Python form `archive.index.whoosh.postings.second_posting` makes is
   [array('i') docnums, array('f') weights, PackedValues]; appending to it
   costs three method calls a posting. Here it is a copy, in about a third
   of the memory, and `export()` gives the Python form when the segment is
   written. Part of the `_accumulate` module (see accumulate.c).
*/
#include "postings.h"

#include <string.h>


/* What `second_posting` makes in Python ([array('i') docnums, array('f')
   weights, PackedValues]), as three C buffers: appending is a copy, not
   three method calls, and it takes a third of the memory. `export()` gives
   the Python form for the segment writer. */
int postings_push(Postings *p, long long docnum, double weight, const char *value, Py_ssize_t vlen) {
    /* checked before anything changes: a posting refused leaves the others whole */
    if (docnum < INT32_MIN || docnum > INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "docnum out of range for array('i')");
        return -1;
    }
    if (vlen < 0 || (unsigned long long)vlen > UINT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "a posting value longer than array('I') holds");
        return -1;
    }
    if (p->n == p->cap) {
        Py_ssize_t cap = p->cap + (p->cap >> 2) + 4;
        int32_t *docs = PyMem_Realloc(p->docs, cap * sizeof(int32_t));
        if (!docs)
            return PyErr_NoMemory(), -1;
        p->docs = docs;
        float *weights = PyMem_Realloc(p->weights, cap * sizeof(float));
        if (!weights)
            return PyErr_NoMemory(), -1;
        p->weights = weights;
        uint32_t *lens = PyMem_Realloc(p->lens, cap * sizeof(uint32_t));
        if (!lens)
            return PyErr_NoMemory(), -1;
        p->lens = lens;
        p->cap = cap;
    }
    if (vlen) {
        if (p->dlen + vlen > p->dcap) {
            Py_ssize_t dcap = p->dlen + vlen;
            dcap += (dcap >> 2) + 8;
            unsigned char *data = PyMem_Realloc(p->data, dcap);
            if (!data)
                return PyErr_NoMemory(), -1;
            p->data = data;
            p->dcap = dcap;
        }
        memcpy(p->data + p->dlen, value, vlen);
        p->dlen += vlen;
    }
    p->docs[p->n] = (int32_t)docnum;
    p->weights[p->n] = (float)weight;
    p->lens[p->n] = (uint32_t)vlen;
    p->n++;
    return 0;
}

static void postings_dealloc(Postings *p) {
    PyMem_Free(p->docs);
    PyMem_Free(p->weights);
    PyMem_Free(p->lens);
    PyMem_Free(p->data);
    Py_TYPE(p)->tp_free((PyObject *)p);
}

static PyObject *postings_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    if (PyTuple_GET_SIZE(args) || (kwds && PyDict_GET_SIZE(kwds))) {
        PyErr_SetString(PyExc_TypeError, "Postings() takes no arguments");
        return NULL;
    }
    return type->tp_alloc(type, 0);
}

static Py_ssize_t postings_len(Postings *p) {
    return p->n;
}

/* append(docnum, weight, value bytes) */
static PyObject *postings_append(Postings *p, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyBytes_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "append(docnum, weight, value bytes)");
        return NULL;
    }
    long long d = PyLong_AsLongLong(args[0]);
    if (d == -1 && PyErr_Occurred())
        return NULL;
    double w = PyFloat_AsDouble(args[1]);
    if (w == -1.0 && PyErr_Occurred())
        return NULL;
    if (postings_push(p, d, w, PyBytes_AS_STRING(args[2]), PyBytes_GET_SIZE(args[2])) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *array_type, *packed_type;

int postings_ready(void) {
    PyObject *arraymod = PyImport_ImportModule("array");
    if (!arraymod)
        return -1;
    array_type = PyObject_GetAttrString(arraymod, "array");
    Py_DECREF(arraymod);
    if (!array_type)
        return -1;
    return PyType_Ready(&PostingsType);
}

/* export() -> (array('i') docnums, array('f') weights, PackedValues) */
static PyObject *postings_export(Postings *p, PyObject *unused) {
    if (!packed_type) {
        PyObject *mod = PyImport_ImportModule("archive.index.whoosh.codec.postings");
        if (!mod)
            return NULL;
        packed_type = PyObject_GetAttrString(mod, "PackedValues");
        Py_DECREF(mod);
        if (!packed_type)
            return NULL;
    }
    /* an empty Postings has no buffers: "" for them ("y#" makes None of NULL) */
    const char *docs_b = p->docs ? (const char *)p->docs : "", *weights_b = p->weights ? (const char *)p->weights : "";
    const char *lens_b = p->lens ? (const char *)p->lens : "", *data_b = p->data ? (const char *)p->data : "";
    PyObject *docs = PyObject_CallFunction(array_type, "sy#", "i", docs_b, p->n * (Py_ssize_t)sizeof(int32_t));
    PyObject *weights = docs ? PyObject_CallFunction(array_type, "sy#", "f", weights_b, p->n * (Py_ssize_t)sizeof(float)) : NULL;
    PyObject *lens = weights ? PyObject_CallFunction(array_type, "sy#", "I", lens_b, p->n * (Py_ssize_t)sizeof(uint32_t)) : NULL;
    PyObject *data = lens ? PyByteArray_FromStringAndSize(data_b, p->dlen) : NULL;
    PyObject *values = data ? PyObject_CallFunctionObjArgs(packed_type, data, lens, NULL) : NULL;
    PyObject *out = values ? PyTuple_Pack(3, docs, weights, values) : NULL;
    Py_XDECREF(docs);
    Py_XDECREF(weights);
    Py_XDECREF(lens);
    Py_XDECREF(data);
    Py_XDECREF(values);
    return out;
}

static PyObject *postings_last(Postings *p, void *closure) {
    if (!p->n) {
        PyErr_SetString(PyExc_IndexError, "no postings");
        return NULL;
    }
    return PyLong_FromLong(p->docs[p->n - 1]);
}

static PyMethodDef postings_methods[] = {
    {"append", (PyCFunction)(void (*)(void))postings_append, METH_FASTCALL, "append(docnum, weight, value bytes)"},
    {"encode", (PyCFunction)(void (*)(void))postings_encode, METH_FASTCALL,
     "encode(lengths, blocklimit, inlinelimit, offset) -> (postings bytes, dictionary entry bytes), "
     "or None where the Python path must write the term"},
    {"export", (PyCFunction)postings_export, METH_NOARGS,
     "(array('i') docnums, array('f') weights, PackedValues): the form `second_posting` makes"},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef postings_getset[] = {
    {"last", (getter)postings_last, NULL, "the last docnum appended", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PySequenceMethods postings_as_sequence = {
    .sq_length = (lenfunc)postings_len,
};

PyTypeObject PostingsType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "archive.index.whoosh._accumulate.Postings",
    .tp_basicsize = sizeof(Postings),
    .tp_dealloc = (destructor)postings_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A term's postings in C buffers (see second_posting).",
    .tp_methods = postings_methods,
    .tp_getset = postings_getset,
    .tp_as_sequence = &postings_as_sequence,
    .tp_new = postings_new,
};

