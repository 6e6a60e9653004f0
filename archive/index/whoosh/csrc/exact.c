/* `add_exact`: an exact-value field's postings in C (one term for the whole
   value, or one for each distinct line), as `field_indexer`'s index_id and
   index_lines give them and `_add_python` puts them. Part of the
   `_accumulate` module (see accumulate.c). */
#include "buffer.h"

/* The term `text` (UTF-8) with one posting of `weight` and no value. */
static int add_text(Target *t, PyObject *text, double weight, PyObject *empty) {
    PyObject *tb = PyUnicode_AsUTF8String(text);
    if (!tb)
        return -1;
    int r = add_one(t, tb, weight, empty);
    Py_DECREF(tb);
    return r;
}

/* add_exact(value, lines, fb, terms, fieldname, docnum, fieldboost, scorable, unsorted, second_posting)
   -> (length, size): an exact-value field (`field_indexer`'s index_id, or
   with `lines` index_lines: each distinct non-empty line) as one posting a
   term, weight fb * fieldboost, no value. */
PyObject *add_exact(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 + TARGET_ARGS || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "add_exact takes 10 arguments, the value a str");
        return NULL;
    }
    int lines = PyObject_IsTrue(args[1]);
    double fb;
    Target t;
    if (lines < 0 || as_double(args[2], &fb) < 0 || target_init(&t, args + 3) < 0)
        return NULL;
    double weight = fb * t.fieldboost;
    PyObject *empty = PyBytes_FromStringAndSize("", 0);
    if (!empty)
        return NULL;
    long long length = 0;
    PyObject *result = NULL, *parts = NULL, *seen = NULL;
    if (!lines) {
        if (add_text(&t, args[0], weight, empty) < 0)
            goto done;
        length = t.scorable ? 1 : 0;
    } else {
        PyObject *nl = PyUnicode_FromString("\n");
        parts = nl ? PyUnicode_Split(args[0], nl, -1) : NULL;
        Py_XDECREF(nl);
        seen = parts ? PySet_New(NULL) : NULL;
        if (!seen)
            goto done;
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(parts); i++) {
            PyObject *line = PyList_GET_ITEM(parts, i);
            if (PyUnicode_GET_LENGTH(line) == 0)
                continue;
            int dup = PySet_Contains(seen, line);
            if (dup < 0 || (!dup && PySet_Add(seen, line) < 0))
                goto done;
            if (dup)
                continue;
            if (add_text(&t, line, weight, empty) < 0)
                goto done;
            if (t.scorable)
                length++;
        }
    }
    result = Py_BuildValue("(Ln)", length, t.size);
done:
    Py_DECREF(empty);
    Py_XDECREF(parts);
    Py_XDECREF(seen);
    return result;
}

