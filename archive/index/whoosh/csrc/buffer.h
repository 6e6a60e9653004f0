/* The `PostingBuffer` side of the `_accumulate` module (see buffer.c). */
#ifndef ARCHIVE_BUFFER_H
#define ARCHIVE_BUFFER_H

#include "postings.h"

/* One field of one document going into the buffer. */
typedef struct {
    PyObject *terms;     /* the field's dict: term bytes -> posting(s) */
    PyObject *fieldname; /* str */
    PyObject *docnum;    /* int */
    long long docnum_c;
    PyObject *unsorted;  /* set of (fieldname, term) whose docnums came out of order */
    PyObject *second;    /* postings.second_posting */
    double fieldboost;   /* every weight times this */
    int scorable;        /* whether the field's length counts its terms */
    Py_ssize_t size;     /* estimated bytes added */
} Target;

/* The last TARGET_ARGS arguments of add_postings, add_prose and add_exact:
   terms, fieldname, docnum, fieldboost, scorable, unsorted, second_posting. */
#define TARGET_ARGS 7
int target_init(Target *t, PyObject *const *args);

/* One posting (term bytes, weight, value) into t->terms; 0, or -1 with an exception. */
int add_one(Target *t, PyObject *tbytes, double weight, PyObject *vbytes);

/* The module's add_exact (exact.c) and fold_words (fold.c). */
PyObject *add_exact(PyObject *self, PyObject *const *args, Py_ssize_t nargs);
PyObject *fold_words(PyObject *self, PyObject *const *args, Py_ssize_t nargs);

/* Intern the names buffer.c calls. */
int buffer_ready(void);

#endif
