"""The project's metadata is in pyproject.toml; this adds its two C modules.

Both are optional: where they cannot be compiled (no C compiler or Python
headers), pip says so and installs the project without them, and the same
steps run in Python, with the same results:

- `archive.index.whoosh._accumulate` (`archive/index/whoosh/csrc/`): the
  ingest writer's loops (words to terms and positions, the posting buffer,
  posting blocks); `archive.index.whoosh.postings.NATIVE` is None without it.
- `archive.extract.entities._tokens` (`archive/extract/entities/csrc/`): the
  entity recogniser's tokens; `archive.extract.entities.tokens.NATIVE` is
  None without it.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "archive.index.whoosh._accumulate",
            ["archive/index/whoosh/csrc/accumulate.c", "archive/index/whoosh/csrc/buffer.c",
             "archive/index/whoosh/csrc/encode.c", "archive/index/whoosh/csrc/exact.c",
             "archive/index/whoosh/csrc/fold.c", "archive/index/whoosh/csrc/postings.c"],
            optional=True,
            extra_compile_args=["-O2"],
        ),
        Extension(
            "archive.extract.entities._tokens",
            ["archive/extract/entities/csrc/tokens.c"],
            optional=True,
            extra_compile_args=["-O2"],
        ),
    ]
)
