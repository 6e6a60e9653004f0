"""Opening and creating an OpenSearch index, with its version checked.

The name in the URL is an *alias*; the documents live in a concrete index
behind it, `NAME--0` at first. A rebuild fills `NAME--1` (then `--2`, ...)
and moves the alias over in one atomic alias update, so searches see the old
index or the new one, whole, and never an empty one. Two processes creating
the same new index race harmlessly: `NAME--0` is created once, and the alias
with it in the same request.

The mapping's `_meta` carries the format, schema and analyzer versions
(`mapping.meta()`); an index made with other ones is refused with the
rebuild command, an index not made by archive at all with a plain refusal.
Files kept with the index (the user's alias table) live in `_meta.files`.

Beside the index, an index template `archive-NAME` (for `NAME--*`) holds
the same analysis, fields and versions, so a concrete index made by other
means (an operator's reindex or restore into `NAME--3`) gets them too, and
an operator can read in one place what archive expects. A user allowed to
make indexes but not templates still gets a complete index: every concrete
index is created with the whole body itself.
"""

from __future__ import annotations

from archive.errors import IndexIncompatible, IndexMissing
from archive.index.opensearch.client import Location, as_error, call, connect, describe, parse
from archive.index.opensearch.mapping import body as index_body
from archive.index.opensearch.mapping import GENERATION, concrete_name, generation_of  # noqa: F401
from archive.index.opensearch.mapping import meta as wanted_meta

def _status(e) -> object:
    return describe(e)[0]


def resolve(loc: Location, client) -> tuple[str, dict] | None:
    """(The concrete index behind `loc.index`, its mapping's `_meta`), or None
    when there is none."""
    try:
        found = client.indices.get_mapping(index=loc.index)
    except Exception as e:
        if _status(e) == 404:
            return None
        raise as_error(loc, e, "looking up the index") from None
    if len(found) != 1:
        names = ", ".join(sorted(found))
        raise IndexIncompatible(f"{loc.url} names {len(found)} indexes ({names}); an archive index is one: "
                                f"point the alias {loc.index} at one of them")
    name, mapping = next(iter(found.items()))
    return name, (mapping.get("mappings") or {}).get("_meta") or {}


def check_compatible(loc: Location, meta: dict) -> None:
    want = wanted_meta()
    rebuild = f"rebuild it with `archive ingest --rebuild --index {loc.url} PATH...` (the raw files are the source of truth)"
    if meta.get("format") != want["format"]:
        raise IndexIncompatible(f"{loc.url} is an OpenSearch index not written by archive (no archive version in "
                                f"its mapping); {rebuild} under another name, or point --index elsewhere")
    for key in ("schema_version", "analyzer"):
        if meta.get(key) != want[key]:
            raise IndexIncompatible(f"{loc.url} was written with {key} {meta.get(key)!r} but this version of "
                                    f"archive uses {want[key]!r}; {rebuild}")


def open_index(location):
    """An existing, compatible index (`IndexMissing` / `IndexIncompatible` otherwise)."""
    from archive.index.opensearch.index import OpenSearchIndex

    loc = parse(location)
    client = connect(loc)
    found = resolve(loc, client)
    if found is None:
        client.close()
        raise IndexMissing(f"no archive index at {loc.url}: run `archive ingest PATH... --index {loc.url}` first")
    name, meta = found
    check_compatible(loc, meta)
    return OpenSearchIndex(loc, client, name, meta)


def has_index(location) -> bool:
    loc = parse(location)
    client = connect(loc)
    try:
        return resolve(loc, client) is not None
    finally:
        client.close()


def create_concrete(loc: Location, client, generation: int, *, alias: bool) -> str:
    """Create `NAME--generation` (with the alias `NAME` when `alias`); an
    index of that name made meanwhile by another process is taken as is."""
    name = concrete_name(loc.index, generation)
    shards = loc.shards if loc.shards is not None else 1
    replicas = loc.replicas if loc.replicas is not None else 1
    request = index_body(shards, replicas)
    put_template(loc, client)
    if alias:
        request["aliases"] = {loc.index: {}}
    try:
        client.indices.create(index=name, body=request, params={"wait_for_active_shards": "1"})
    except Exception as e:
        status, kind, _ = describe(e)
        if kind != "resource_already_exists_exception":
            if kind == "invalid_alias_name_exception" or (status == 400 and "alias" in str(e)):
                raise IndexIncompatible(f"{loc.url}: an index named {loc.index} exists and was not made by "
                                        f"archive; point --index elsewhere") from None
            raise as_error(loc, e, f"creating index {name}") from None
    return name


def template_name(alias: str) -> str:
    return f"archive-{alias}"


def put_template(loc: Location, client) -> None:
    """Register (or renew) the index template of `NAME--*` (see the module docstring)."""
    body = index_body()
    index_settings = {k: v for k, v in body["settings"]["index"].items() if not k.startswith("number_of_")}
    template = {"index_patterns": [f"{loc.index}{GENERATION}*"], "priority": 100,
                "template": {"settings": {"index": index_settings}, "mappings": body["mappings"]},
                "_meta": wanted_meta()}
    try:
        client.indices.put_index_template(name=template_name(loc.index), body=template)
    except Exception as e:
        if _status(e) != 403:  # not allowed to manage templates: the index body alone will do
            raise as_error(loc, e, "registering the index template") from None


def create_index(location):
    """A new, empty index at `location` (an existing one is opened)."""
    loc = parse(location)
    client = connect(loc)
    if resolve(loc, client) is None:
        create_concrete(loc, client, 0, alias=True)
    client.close()
    return open_index(location)


def kept_files(loc: Location, client, index: str) -> dict[str, str]:
    """The files kept in the `_meta` of `index` (name -> text)."""
    mapping = call(loc, client.indices.get_mapping, index=index, what="reading the index mapping")
    meta = (next(iter(mapping.values())).get("mappings") or {}).get("_meta") or {}
    return dict(meta.get("files") or {})


def keep_file(loc: Location, client, index: str, name: str, text: str) -> None:
    """Keep `text` as file `name` in the `_meta` of `index` (replacing one of that name)."""
    mapping = call(loc, client.indices.get_mapping, index=index, what="reading the index mapping")
    meta = (next(iter(mapping.values())).get("mappings") or {}).get("_meta") or {}
    files = dict(meta.get("files") or {})
    files[name] = text
    meta = {**meta, "files": files}
    call(loc, client.indices.put_mapping, index=index, body={"_meta": meta}, what="keeping a file with the index")
