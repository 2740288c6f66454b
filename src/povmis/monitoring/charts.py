"""Plotly figures as plain dictionaries (the JSON the browser's plotly.js draws), each point linking to households.

Built as dictionaries rather than through plotly.graph_objects: the page sends the same JSON either
way, and skipping the object layer's validation keeps a province page well under its time budget.
The tests check each figure against plotly's own schema. A point's ``customdata`` is the address of
the household list behind it; the page's script follows it on click.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Figure = dict[str, Any]
FONT = {"family": "system-ui, sans-serif", "size": 13}


def layout(title: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": {"text": title},
        "font": FONT,
        "margin": {"l": 50, "r": 20, "t": 50, "b": 40},
        "legend": {"orientation": "h"},
        "hovermode": "closest",
        **extra,
    }


def line(name: str, x: Sequence[Any], y: Sequence[Any], links: Sequence[str], **extra: Any) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": name,
        "x": list(x),
        "y": list(y),
        "customdata": list(links),
        "hovertemplate": "%{x}: %{y:.2f}%<extra>" + name + "</extra>",
        **extra,
    }


def bars(name: str, x: Sequence[Any], y: Sequence[Any], links: Sequence[str], **extra: Any) -> dict[str, Any]:
    return {
        "type": "bar",
        "name": name,
        "x": list(x),
        "y": list(y),
        "customdata": list(links),
        "hovertemplate": "%{x}: %{y:.2f}%<extra>" + name + "</extra>",
        **extra,
    }


def sankey(title: str, nodes: Sequence[str], links: Sequence[tuple[int, int, int, str, str]]) -> Figure:
    """``links`` are (source, target, households, label, address)."""
    return {
        "data": [
            {
                "type": "sankey",
                "arrangement": "snap",
                "node": {"label": list(nodes), "pad": 18},
                "link": {
                    "source": [link[0] for link in links],
                    "target": [link[1] for link in links],
                    "value": [link[2] for link in links],
                    "label": [link[3] for link in links],
                    "customdata": [link[4] for link in links],
                    "hovertemplate": "%{label}: %{value}<extra></extra>",
                },
            }
        ],
        "layout": layout(title),
    }
