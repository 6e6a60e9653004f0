"""The project's metadata is in pyproject.toml; this adds the one C module.

`archive/index/whoosh/csrc/` (module `_accumulate`) (the ingest writer's posting loops) is
optional: where it cannot be compiled (no C compiler or Python headers), pip
says so and installs the project without it, and the same loops run in
Python (`archive.index.whoosh.postings.NATIVE` is None)."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "archive.index.whoosh._accumulate",
            ["archive/index/whoosh/csrc/accumulate.c", "archive/index/whoosh/csrc/buffer.c",
             "archive/index/whoosh/csrc/encode.c", "archive/index/whoosh/csrc/postings.c"],
            optional=True,
            extra_compile_args=["-O2"],
        )
    ]
)
