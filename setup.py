"""Packs the top-level templates/, macros/ and workbook/ into the wheel as safetynet/_data.

SPEC keeps those folders at the top of the repository, where staff and
developers find them; an installed program needs them inside the package.
Everything else about the build is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_FOLDERS = ("templates", "macros", "workbook")


class BuildWithData(build_py):
    def run(self):
        super().run()
        for name in DATA_FOLDERS:
            source = Path(name)
            if source.is_dir():
                target = Path(self.build_lib) / "safetynet" / "_data" / name
                shutil.copytree(source, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithData})
