"""The official fonts of a Chinese PC, found in C:\\Windows\\Fonts (run with the Windows Python).

Real 仿宋 / 方正小标宋 / 微软雅黑 files cannot be redistributed, so stand-ins are made from the
app's bundled fonts, named *inside* as the real ones are (what the report's font search and Qt
go by), plus one copied under a real file name with its own names unchanged (which must not be
taken for 楷体):

    python.exe official_fonts.py install RESOURCES_FONTS WINDOWS_FONTS
    python.exe official_fonts.py check        roles the report would use: exit 0 when as expected

A font installed on Windows is also registered (HKLM\\…\\Fonts): check_windows.sh does that.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

# file in C:\Windows\Fonts: (bundled source, Chinese family, English family, PostScript name)
STAND_INS = {
    "simfang.ttf": ("YaofuFang.ttf", "仿宋", "FangSong", "FangSong"),
    "FZXBSJW.TTF": ("YaofuTitle.ttf", "方正小标宋简体", "FZXiaoBiaoSong-B05S", "FZXBSJW--GB1-0"),
    "msyh.ttf": ("YaofuHei.ttf", "微软雅黑", "Microsoft YaHei", "MicrosoftYaHei"),
}
FILE_NAME_ONLY = {"simkai.ttf": "YaofuKai.ttf"}  # a real file name, the bundled names inside
EXPECTED = {"fang": ("system", "simfang.ttf"), "title": ("system", "FZXBSJW.TTF"),
            "kai": ("bundled", "YaofuKai.ttf"), "hei": ("bundled", "YaofuHei.ttf"),
            "song": ("bundled", "YaofuSong.ttf")}


def rename_inside(source: Path, target: Path, chinese: str, english: str, postscript: str) -> None:
    from fontTools.ttLib import TTFont

    font = TTFont(str(source))
    table = font["name"]
    table.names = [r for r in table.names if r.nameID not in (1, 2, 3, 4, 6, 16, 17)]
    for language, family in ((0x409, english), (0x804, chinese)):  # Windows: English, Chinese (PRC)
        for name_id, value in ((1, family), (2, "Regular"), (3, f"{postscript};stand-in"), (4, family)):
            table.setName(value, name_id, 3, 1, language)
    table.setName(postscript, 6, 3, 1, 0x409)
    font.save(str(target))


def install(resources: Path, fonts: Path) -> None:
    fonts.mkdir(parents=True, exist_ok=True)
    for file, (source, chinese, english, postscript) in STAND_INS.items():
        rename_inside(resources / source, fonts / file, chinese, english, postscript)
    for file, source in FILE_NAME_ONLY.items():
        shutil.copyfile(resources / source, fonts / file)
    print("installed:", ", ".join(sorted([*STAND_INS, *FILE_NAME_ONLY])))


def check() -> int:
    from yaofu_desktop.report import fonts

    chosen = {role: (f.source, f.path.name) for role, f in fonts.register_fonts().fonts.items()}
    for role, (source, name) in sorted(chosen.items()):
        print(f"{role:5} {source:7} {name}")
    wrong = {r: chosen.get(r) for r, want in EXPECTED.items() if chosen.get(r) != want}
    print("as expected" if not wrong else f"NOT as expected: {wrong}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")
    if sys.argv[1] == "install":
        install(Path(sys.argv[2]), Path(sys.argv[3]))
        sys.exit(0)
    sys.exit(check())
