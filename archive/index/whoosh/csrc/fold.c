/* `fold_words`: the duplicate key's folding in C. Part of the `_accumulate`
   module (see accumulate.c). */
#include "buffer.h"

/* fold_words(text, table) -> " ".join(fold(text).split()): `archive.analysis.fold`
   (lower-case, then each non-ASCII character through `table`, Whoosh's
   accent_map: code point -> str) and the words apart by single spaces, as
   the duplicate key `schema.text_hash` hashes them. */
PyObject *fold_words(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyDict_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "fold_words(text str, table dict)");
        return NULL;
    }
    PyObject *table = args[1];
    PyObject *low = PyObject_CallMethod(args[0], "lower", NULL);
    if (!low)
        return NULL;
    if (!PyUnicode_Check(low) || PyUnicode_READY(low) < 0) {
        Py_DECREF(low);
        return NULL;
    }
    int kind = PyUnicode_KIND(low);
    const void *data = PyUnicode_DATA(low);
    Py_ssize_t n = PyUnicode_GET_LENGTH(low), cap = n + 16, o = 0;
    Py_UCS4 *out = PyMem_Malloc(cap * sizeof(Py_UCS4));
    PyObject *result = NULL;
    if (!out) {
        PyErr_NoMemory();
        goto done;
    }
    int space = 0; /* a space is owed before the next character that is none */
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        PyObject *mapped = NULL;
        if (c >= 128) {
            PyObject *key = PyLong_FromUnsignedLong(c);
            if (!key)
                goto done;
            mapped = PyDict_GetItemWithError(table, key); /* borrowed */
            Py_DECREF(key);
            if (!mapped && PyErr_Occurred())
                goto done;
            if (mapped && (!PyUnicode_Check(mapped) || PyUnicode_READY(mapped) < 0)) {
                PyErr_SetString(PyExc_TypeError, "fold_words: the table maps code points to str");
                goto done;
            }
        }
        Py_ssize_t m = mapped ? PyUnicode_GET_LENGTH(mapped) : 1;
        if (o + m + 1 > cap) {
            cap = (o + m + 1) * 2;
            Py_UCS4 *more = PyMem_Realloc(out, cap * sizeof(Py_UCS4));
            if (!more) {
                PyErr_NoMemory();
                goto done;
            }
            out = more;
        }
        for (Py_ssize_t k = 0; k < m; k++) {
            Py_UCS4 d = mapped ? PyUnicode_READ_CHAR(mapped, k) : c;
            if (Py_UNICODE_ISSPACE(d)) {
                space = o > 0;
                continue;
            }
            if (space) {
                out[o++] = ' ';
                space = 0;
            }
            out[o++] = d;
        }
    }
    result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, o);
done:
    PyMem_Free(out);
    Py_DECREF(low);
    return result;
}

