"""An ``<iframe>`` snippet that puts a map in an article column at any width."""

from __future__ import annotations

from markupsafe import escape

__all__ = ["embed_snippet"]


def embed_snippet(
    src: str, *, title: str = "Map", aspect: float = 2 / 3, min_height: int = 360
) -> str:
    """HTML to paste into an article: full column width, height from ``aspect``.

    The iframe is sandboxed (scripts run, but not with the host page's origin) and lazy.
    ``min_height`` keeps it usable on a phone (375 px wide).

    >>> print(embed_snippet("maps/2022-06-01.html", title="Donbas, 1 June"))  # doctest: +ELLIPSIS
    <div class="geomap-embed" style="position:relative;width:100%;...
    """
    if not 0.2 <= aspect <= 3:
        aspect = 2 / 3
    pct = round(aspect * 100, 2)
    return (
        f'<div class="geomap-embed" style="position:relative;width:100%;max-width:100%;'
        f'height:0;padding-bottom:{pct}%;min-height:{int(min_height)}px;overflow:hidden">'
        f'<iframe src="{escape(src)}" title="{escape(title)}" loading="lazy" '
        f'referrerpolicy="no-referrer" sandbox="allow-scripts allow-popups '
        f'allow-popups-to-escape-sandbox" style="position:absolute;top:0;left:0;width:100%;'
        f'height:100%;border:0"></iframe></div>'
    )
