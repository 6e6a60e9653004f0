/* The entity recogniser's tokens, in C: `words._TOKEN_RE` without the regex
   engine.

   `_Tokens` (archive/extract/entities/tokens.py) reads every unit of every
   article with `_TOKEN_RE.finditer`, keeping a match object per token; that
   is a tenth of an ingest's CPU. `tokens(s)` gives the same tokens (the
   matches `finditer` finds: leftmost, each branch greedy, backtracking where
   the pattern would) as lists of texts, start and end offsets and whether
   each begins with an upper-case letter. The regex stays the reference and
   the fallback where this module was not built; `tests/test_entities_tokens.py`
   compares the two on generated text.

   The pattern, branch by branch (its first character is any but a space or
   "_"; L is a letter, `[^\W\d_]`; C a capital, `[A-ZÀ-ÖØ-Þ]`; J a joiner,
   `[-'’]`):
     A  L \w+ (J \w+)*                        words of two or more letters
     B  ['’] s- L \w* (J \w+)*                's-Gravenhage
     C  C \. (-? C \.)* not followed by \w     initials
     D  L \. (-? L \.)+                        abbreviations
     E  L \w* (J \w+)*                         words
     F  \d \d* ([.,:/] \d+)*                   numbers
     G  any other character that is no \w      punctuation, one character
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* The re module's classes for str patterns (SRE_UNI_IS_*). */
static inline int is_word(Py_UCS4 c) {
    if (c < 128)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    return Py_UNICODE_ISALNUM(c);
}

static inline int is_digit(Py_UCS4 c) {
    if (c < 128)
        return c >= '0' && c <= '9';
    return Py_UNICODE_ISDECIMAL(c);
}

static inline int is_space(Py_UCS4 c) {
    if (c < 128)
        return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F);
    return Py_UNICODE_ISSPACE(c);
}

static inline int is_letter(Py_UCS4 c) { /* [^\W\d_] */
    return c != '_' && is_word(c) && !is_digit(c);
}

static inline int is_cap(Py_UCS4 c) { /* [A-ZÀ-ÖØ-Þ] */
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xDE);
}

static inline int is_joiner(Py_UCS4 c) { /* [-'’] */
    return c == '-' || c == '\'' || c == 0x2019;
}

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n;
} Text;

#define AT(t, i) PyUnicode_READ((t)->kind, (t)->data, (i))

static Py_ssize_t words_from(const Text *t, Py_ssize_t e) { /* \w* */
    while (e < t->n && is_word(AT(t, e)))
        e++;
    return e;
}

static Py_ssize_t joined_from(const Text *t, Py_ssize_t e) { /* (J \w+)* */
    while (e + 1 < t->n && is_joiner(AT(t, e)) && is_word(AT(t, e + 1)))
        e = words_from(t, e + 2);
    return e;
}

/* (-? X \.) at e, X tested by `cls`: the end, or -1. */
static Py_ssize_t dotted(const Text *t, Py_ssize_t e, int (*cls)(Py_UCS4)) {
    if (e + 2 < t->n && AT(t, e) == '-' && cls(AT(t, e + 1)) && AT(t, e + 2) == '.')
        return e + 3;
    if (e + 1 < t->n && cls(AT(t, e)) && AT(t, e + 1) == '.')
        return e + 2;
    return -1;
}

/* Branch C after its capital at p: the longest run of repetitions not
   followed by a word character (the regex backtracks to it), or -1. */
static Py_ssize_t initials(const Text *t, Py_ssize_t p) {
    Py_ssize_t e = p + 2, best = -1; /* "C." */
    for (;;) {
        if (e >= t->n || !is_word(AT(t, e)))
            best = e;
        Py_ssize_t next = dotted(t, e, is_cap);
        if (next < 0)
            break;
        e = next;
    }
    return best;
}

/* The end of the token that begins at p (a character that is no space and no "_"). */
static Py_ssize_t token_end(const Text *t, Py_ssize_t p) {
    Py_UCS4 c = AT(t, p);
    Py_ssize_t q = p + 1;
    if (is_letter(c)) {
        if (q < t->n && is_word(AT(t, q)))  /* A */
            return joined_from(t, words_from(t, q + 1));
        if (q < t->n && AT(t, q) == '.') {
            if (is_cap(c)) {  /* C */
                Py_ssize_t e = initials(t, p);
                if (e >= 0)
                    return e;
            }
            Py_ssize_t e = q + 1, reps = 0, next;  /* D */
            while ((next = dotted(t, e, is_letter)) >= 0) {
                e = next;
                reps++;
            }
            if (reps)
                return e;
        }
        return joined_from(t, q);  /* E: \w* matched nothing, or A would have */
    }
    if ((c == '\'' || c == 0x2019) && q + 2 < t->n && AT(t, q) == 's' && AT(t, q + 1) == '-' &&
        is_letter(AT(t, q + 2)))  /* B */
        return joined_from(t, words_from(t, q + 3));
    if (is_digit(c)) {  /* F */
        Py_ssize_t e = q;
        while (e < t->n && is_digit(AT(t, e)))
            e++;
        while (e + 1 < t->n) {
            Py_UCS4 d = AT(t, e);
            if (!(d == '.' || d == ',' || d == ':' || d == '/') || !is_digit(AT(t, e + 1)))
                break;
            e += 2;
            while (e < t->n && is_digit(AT(t, e)))
                e++;
        }
        return e;
    }
    return q;  /* G */
}

static int append_new(PyObject *list, PyObject *item) {
    if (!item)
        return -1;
    int r = PyList_Append(list, item);
    Py_DECREF(item);
    return r;
}

/* tokens(s) -> (texts, starts, ends, upper): `_TOKEN_RE.finditer(s)` as lists. */
static PyObject *tokens(PyObject *self, PyObject *s) {
    if (!PyUnicode_Check(s)) {
        PyErr_SetString(PyExc_TypeError, "tokens(s): s must be a str");
        return NULL;
    }
    if (PyUnicode_READY(s) < 0)
        return NULL;
    Text t = {PyUnicode_KIND(s), PyUnicode_DATA(s), PyUnicode_GET_LENGTH(s)};
    PyObject *texts = PyList_New(0), *starts = PyList_New(0), *ends = PyList_New(0), *upper = PyList_New(0);
    if (!texts || !starts || !ends || !upper)
        goto fail;
    for (Py_ssize_t p = 0; p < t.n;) {
        Py_UCS4 c = AT(&t, p);
        if (c == '_' || is_space(c)) {
            p++;
            continue;
        }
        Py_ssize_t e = token_end(&t, p);
        if (append_new(texts, PyUnicode_Substring(s, p, e)) < 0 || append_new(starts, PyLong_FromSsize_t(p)) < 0 ||
            append_new(ends, PyLong_FromSsize_t(e)) < 0 ||
            PyList_Append(upper, Py_UNICODE_ISUPPER(c) ? Py_True : Py_False) < 0)
            goto fail;
        p = e;
    }
    PyObject *out = PyTuple_Pack(4, texts, starts, ends, upper);
    Py_DECREF(texts);
    Py_DECREF(starts);
    Py_DECREF(ends);
    Py_DECREF(upper);
    return out;
fail:
    Py_XDECREF(texts);
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    Py_XDECREF(upper);
    return NULL;
}

static PyMethodDef methods[] = {
    {"tokens", (PyCFunction)tokens, METH_O,
     "tokens(s) -> (texts, starts, ends, upper): the matches of words._TOKEN_RE in s"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_tokens", "The entity recogniser's tokens in C (see archive.extract.entities.tokens).",
    -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__tokens(void) {
    return PyModule_Create(&module);
}
