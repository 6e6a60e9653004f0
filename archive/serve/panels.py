"""What the search page shows beside the hits, built from `SearchResult`s:
facet panels, filter chips, the month histogram and the pager.

Plain frozen dataclasses that hold finished URLs and labels, so templates
only lay them out and every link is made (and tested) in one place.

Facet counts are honest about what a click does. In a panel with no active
value, a value's count is the number of hits its link gives (the filter is
added to the current matches). Values of one filter are alternatives (`place=
Kyiv&place=Minsk` is *either*, as in the CLI), so in a panel that already has
an active value each count is what that value gives *with the other
filters*, the way shops' multi-select facets count: the page asks the archive
once more for that panel without its own filter. The month histogram is
counted the same way without the `date` filter, and a bar sets the date
rather than adding one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from archive.serve.labels import LABELS, date_text, number
from archive.serve.params import VALUE_FILTERS, SearchArgs

#: Values a facet panel shows, and shows after "more".
PANEL_VALUES = 10
PANEL_MORE = 100
#: Months the histogram fills in between the first and the last; a longer
#: span shows only the months that hold articles. Also the facet_limit of the
#: page's main search, which counts the months with the panels: a search that
#: fills it is counted again with facet_limit 0, so no month is ever cut.
HISTOGRAM_SPAN = 1200
#: The histogram's width in bars (of 10 units) below which bars stay narrow.
MIN_WIDTH = 480


@dataclass(frozen=True)
class FacetEntry:
    value: str
    count: int | None
    url: str
    active: bool


@dataclass(frozen=True)
class FacetPanel:
    name: str
    label: str
    entries: tuple[FacetEntry, ...]
    any_of: bool  # a value is active: the others are alternatives
    more_url: str | None
    fewer_url: str | None


@dataclass(frozen=True)
class Chip:
    name: str
    label: str
    value: str
    remove_url: str


@dataclass(frozen=True)
class Bar:
    month: str
    label: str
    count: int
    url: str | None
    selected: bool
    x: int
    height: float


@dataclass(frozen=True)
class Histogram:
    bars: tuple[Bar, ...]
    width: int
    spread: bool  # the bars fill the width: first and last label its ends
    max_count: int
    first: str
    last: str
    undated: int
    undated_url: str | None


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str
    current: bool


@dataclass(frozen=True)
class Pager:
    page: int
    last: int
    prev_url: str | None
    next_url: str | None
    links: tuple[PageLink | None, ...]  # None: a gap ("…")


def panel_limit(name: str, args: SearchArgs) -> int:
    """The facet_limit to ask for: one more than the panel shows, so it
    knows whether there are more."""
    return (PANEL_MORE if args.more == name else PANEL_VALUES) + 1


def panel(name: str, values, args: SearchArgs, lang: str) -> FacetPanel:
    """One facet panel from its `FacetValue`s (counted as the module says),
    asked for with `panel_limit`."""
    active = args.values(name)
    shown = panel_limit(name, args) - 1
    seen = {v.value: v.count for v in values}
    cut = len(values) > shown
    values = values[:shown]
    entries = [FacetEntry(v, seen.get(v), args.removing(name, v).url(), True) for v in active]
    entries += [FacetEntry(v.value, v.count, args.adding(name, v.value).url(), False)
                for v in values if v.value not in active]
    expanded = args.more == name
    more = args.showing_more(name).url() if cut and not expanded else None
    fewer = args.showing_more(None).url() if expanded else None
    return FacetPanel(name, LABELS[lang][name], tuple(entries), bool(active), more, fewer)


def chips(args: SearchArgs, lang: str) -> tuple[Chip, ...]:
    words = LABELS[lang]
    out = [Chip(name, words["filter_" + name], v, args.removing(name, v).url())
           for name in VALUE_FILTERS for v in args.values(name)]
    out += [Chip("date", words["filter_date"], date_text(v, lang), args.removing("date", v).url()) for v in args.date]
    if args.date_from:
        out.append(Chip("from", words["filter_from"], args.date_from, args.removing("from").url()))
    if args.date_to:
        out.append(Chip("to", words["filter_to"], args.date_to, args.removing("to").url()))
    return tuple(out)


def _months_between(first: str, last: str):
    y, m = int(first[:4]), int(first[5:7])
    ly, lm = int(last[:4]), int(last[5:7])
    while (y, m) <= (ly, lm):
        yield f"{y:04d}-{m:02d}"
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def histogram(months, args: SearchArgs, lang: str, *, base_url=None) -> Histogram | None:
    """The month histogram from a `month` facet holding every month of the
    matches (chronological, `no date` last). `base_url`: the link a bar gets, from
    the month (default: this search with `date` set to the month)."""
    counts = {v.value: v.count for v in months if v.value != "no date"}
    undated = next((v.count for v in months if v.value == "no date"), 0)
    link = base_url or (lambda month: args.only_date(month).url())
    if not counts and not undated:
        return None
    keys = sorted(counts)
    if keys:
        span = (int(keys[-1][:4]) - int(keys[0][:4])) * 12 + int(keys[-1][5:7]) - int(keys[0][5:7]) + 1
        if span <= HISTOGRAM_SPAN:
            keys = list(_months_between(keys[0], keys[-1]))
    peak = max(counts.values(), default=0)
    # Few months: keep bars narrow and centred rather than stretched wide.
    width = max(len(keys) * 10, MIN_WIDTH)
    offset = (width - len(keys) * 10) // 2
    bars = []
    for i, month in enumerate(keys):
        n = counts.get(month, 0)
        height = 0.0 if not n else max(2.0, 100.0 * n / peak)
        label = LABELS[lang]["month_bar"].format(month=date_text(month, lang), n=number(n, lang))
        bars.append(Bar(month, label, n, link(month) if n else None, month in args.date, offset + i * 10,
                        round(height, 2)))
    return Histogram(
        bars=tuple(bars),
        width=width,
        spread=offset == 0,
        max_count=peak,
        first=date_text(keys[0], lang) if keys else "",
        last=date_text(keys[-1], lang) if keys else "",
        undated=undated,
        undated_url=link("no date") if undated else None,
    )


def pager(args: SearchArgs, total: int) -> Pager | None:
    last = max(1, math.ceil(total / args.limit))
    if last == 1 and args.page == 1:
        return None
    page = args.page
    wanted = sorted({1, 2, last - 1, last, *range(page - 2, page + 3)})
    links: list[PageLink | None] = []
    prev = 0
    for n in wanted:
        if n < 1 or n > last:
            continue
        if prev and n > prev + 1:
            links.append(None)
        links.append(PageLink(n, args.at_page(n).url(), n == page))
        prev = n
    return Pager(
        page=page,
        last=last,
        prev_url=args.at_page(min(page - 1, last)).url() if page > 1 else None,
        next_url=args.at_page(page + 1).url() if page < last else None,
        links=tuple(links),
    )
