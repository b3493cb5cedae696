"""Themes: named colour and size tokens in kiosk/resources/styles, filled into the stylesheets.

Sizes in a theme are pixels on a 1080-pixel-high screen; ``Theme.scaled`` fits them to the real
screen so the kiosk reads the same from 2 m on a 720p panel and on a 4K one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Final

from PySide6.QtGui import QFont

from kiosk.paths import STYLES, cache_dir
from kiosk.storage.cache import read_yaml_cached

REFERENCE_HEIGHT: Final = 1080
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
#: Size tokens that grow with "Larger text": fonts, and buttons so their words still fit.
TEXT_TOKEN_PREFIXES: Final = ("font_", "button_height", "arrow_size")
#: Language (ISO 639-1) to the theme font key whose families cover its script.
_SCRIPT_FONTS: Final = {
    "zh": "family_zh", "ja": "family_ja", "ko": "family_ko",
    "ar": "family_ar", "fa": "family_ar", "ur": "family_ar",
}  # fmt: skip


@dataclass(frozen=True)
class Theme:
    """A theme's tokens: ``colors`` (``#rrggbb``), ``sizes`` (px at 1080p) and ``fonts``."""

    name: str
    colors: dict[str, str]
    sizes: dict[str, int]
    fonts: dict[str, str] = field(default_factory=dict)
    scale: float = 1.0
    #: Larger text (a reading aid): text and the buttons that hold it grow by this much.
    text_scale: float = 1.0

    def px(self, name: str) -> int:
        """A size token in real pixels for this screen."""
        grow = self.text_scale if name.startswith(TEXT_TOKEN_PREFIXES) else 1.0
        return max(1, round(self.sizes[name] * self.scale * grow))

    def color(self, name: str) -> str:
        return self.colors[name]

    def scaled(self, scale: float) -> Theme:
        return Theme(self.name, self.colors, self.sizes, self.fonts, scale, self.text_scale)

    def with_text_scale(self, text_scale: float) -> Theme:
        return Theme(self.name, self.colors, self.sizes, self.fonts, self.scale, text_scale)

    def for_language(self, code: str) -> Theme:
        """Fonts for ``code``'s script first (CJK, Arabic), then the theme's own."""
        script = _SCRIPT_FONTS.get(code.split("-")[0].lower())
        extra = self.fonts.get(script, "") if script else ""
        if not extra:
            return self
        base = self.fonts.get("family_base", self.fonts.get("family", ""))
        fonts = {**self.fonts, "family": f"{extra}, {base}", "family_base": base}
        if script in ("family_zh", "family_ja", "family_ko"):
            # CJK fonts often have no semibold face, and Qt draws 600 as regular: bold stays bold.
            fonts["semibold"] = "700"
        return Theme(self.name, self.colors, self.sizes, fonts, self.scale, self.text_scale)

    def families_for_text(self, text: str) -> list[str]:
        """Fonts for ``text`` by the script it is written in, whatever language is chosen: an
        English notice shown while Arabic is chosen keeps a Latin font's line spacing."""
        return self.text_families(script_language(text))

    def text_families(self, code: str) -> list[str]:
        """The font families for text written in ``code``, whatever language the kiosk is in
        (an English slide shown while Arabic is chosen keeps a Latin font's line spacing)."""
        script = _SCRIPT_FONTS.get(code.split("-")[0].lower()) if code else None
        extra = self.fonts.get(script, "") if script else ""
        base = self.fonts.get("family_base", self.fonts.get("family", ""))
        families = f"{extra}, {base}" if extra else base
        return [f.strip() for f in families.split(",") if f.strip()]

    @property
    def families(self) -> list[str]:
        return [f.strip() for f in self.fonts.get("family", "").split(",") if f.strip()]

    def tokens(self) -> dict[str, str]:
        """Every token as the text a stylesheet needs, plus a few derived sizes."""
        values: dict[str, str] = {"semibold": "600", **self.colors, **self.fonts}
        values.update({name: str(self.px(name)) for name in self.sizes})
        values.update(
            button_radius=str(self.px("button_height") // 2),
            arrow_radius=str(self.px("arrow_size") // 2),
            arrow_nudge=str(self.px("arrow_size") // 10),
            half_spacing=str(self.px("spacing") // 2),
            scrollbar=str(max(8, self.px("spacing") // 2)),
            scrollbar_radius=str(max(4, self.px("spacing") // 4)),
            pin_key=str(round(self.px("button_height") * 1.25)),
            aid_height=str(round(self.px("button_height") * 0.75)),
            font_clock=str(self.px("font_title") * 3),
            aid_radius=str(round(self.px("button_height") * 0.375)),
            aid_padding_checked=str(max(0, self.px("spacing") - 1)),
            staff_button=str(round(self.px("button_height") * 0.7)),
            staff_field=str(round(self.px("button_height") * 0.5)),
            staff_text=str(round(self.px("button_height") * 1.6)),
            staff_summary=str(round(self.px("button_height") * 3.5)),
            staff_radius=str(max(6, self.px("radius") // 3)),
            font_staff=str(round(self.px("font_body") * 0.75)),
            arrow_down=_arrow_picture(self.colors["text"]),
        )
        return values

    def render(self, template: str) -> str:
        """Fill ``{{token}}`` placeholders; an unknown token is a bug in the theme files."""
        tokens = self.tokens()

        def substitute(match: re.Match[str]) -> str:
            return tokens[match[1]]

        return _PLACEHOLDER.sub(substitute, _COMMENT.sub("", template))

    def font(self, size_token: str) -> QFont:
        """The theme's font family list at a size token's pixel size."""
        font = QFont()
        font.setFamilies(self.families)
        font.setPixelSize(self.px(size_token))
        return font

    def stylesheet(self) -> str:
        return self.render(_read(STYLES / "kiosk.qss"))

    def document_css(self) -> str:
        return self.render(_read(STYLES / "detail.css"))


@lru_cache(maxsize=512)  # fitting a label asks about the same few texts dozens of times a tap
def script_language(text: str) -> str:
    """A language code standing for the script ``text`` is mostly written in ("" for Latin and
    the like): the key to the theme's fonts for it."""
    counts = {"ar": 0, "zh": 0, "ko": 0, "ja": 0}
    for char in text:
        point = ord(char)
        if 0x0600 <= point <= 0x06FF or 0x0750 <= point <= 0x08FF or 0xFB50 <= point <= 0xFEFF:
            counts["ar"] += 1
        elif 0xAC00 <= point <= 0xD7AF:
            counts["ko"] += 1
        elif 0x3040 <= point <= 0x30FF:
            counts["ja"] += 1
        elif 0x4E00 <= point <= 0x9FFF or 0x3000 <= point <= 0x303F or 0xFF00 <= point <= 0xFFEF:
            counts["zh"] += 1
    if counts["ja"]:  # kana: Japanese, whatever Han characters go with it
        return "ja"
    script, count = max(counts.items(), key=lambda item: item[1])
    return script if count else ""


@lru_cache(maxsize=8)
def load_theme(name: str, styles: Path = STYLES) -> Theme:
    """Read ``<styles>/<name>.yaml``; shipped themes are trusted files."""
    data = read_yaml_cached(styles / f"{name}.yaml", cache_dir())
    return Theme(
        name=name,
        colors={k: str(v) for k, v in data["colors"].items()},
        sizes={k: int(v) for k, v in data["sizes"].items()},
        fonts={k: str(v) for k, v in data.get("fonts", {}).items()},
    )


def scale_for(width: int, height: int) -> float:
    """Scale from the 1080p design to a screen, by its shorter side (portrait included)."""
    return min(width, height) / REFERENCE_HEIGHT


_ARROW_SVG: Final = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
    '<path d="M2 5 L14 5 L8 12 Z" fill="{color}"/></svg>\n'
)


@lru_cache(maxsize=8)
def _arrow_picture(color: str) -> str:
    """A drop-down arrow in ``color`` as a file for the stylesheet's ``image: url()`` (Qt reads
    no inline pictures); kept in the cache folder. "" (no arrow) if it cannot be written."""
    path = cache_dir() / f"arrow-down-{color.lstrip('#').lower()}.svg"
    text = _ARROW_SVG.format(color=color)
    try:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError:
        return ""
    return path.as_posix()


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
