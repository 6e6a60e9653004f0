/* The `Postings` type of the `_accumulate` module (see postings.c). */
#ifndef ARCHIVE_POSTINGS_H
#define ARCHIVE_POSTINGS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

typedef struct {
    PyObject_HEAD
    int32_t *docs;
    float *weights;
    uint32_t *lens;  /* each value's length; the values back to back in data */
    Py_ssize_t n, cap;
    unsigned char *data;
    Py_ssize_t dlen, dcap;
} Postings;

extern PyTypeObject PostingsType;

/* An argument as a C double or Py_ssize_t: 0, or -1 with the exception set. */
static inline int as_double(PyObject *o, double *out) {
    *out = PyFloat_AsDouble(o);
    return *out == -1.0 && PyErr_Occurred() ? -1 : 0;
}

static inline int as_ssize(PyObject *o, Py_ssize_t *out) {
    *out = PyLong_AsSsize_t(o);
    return *out == -1 && PyErr_Occurred() ? -1 : 0;
}

/* One posting more (docnum as array('i') holds it, weight as float32). */
int postings_push(Postings *p, long long docnum, double weight, const char *value, Py_ssize_t vlen);

/* Postings.encode (encode.c): the term's posting blocks and dictionary entry. */
PyObject *postings_encode(Postings *p, PyObject *const *args, Py_ssize_t nargs);

/* The module's set_length_bytes (encode.c): Whoosh's length_to_byte table. */
PyObject *set_length_bytes(PyObject *self, PyObject *table);

/* Ready the type (and find array.array for export). */
int postings_ready(void);

#endif
