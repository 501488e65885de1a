"""The PEP 517 build backend of the kalkyl package: setuptools, plus a fallback.

setuptools (setuptools.build_meta) builds the package whenever it can build a
wheel: with setuptools >= 70.1, or with the `wheel` package installed. Older
setuptools without `wheel` (pyenv's Python 3.11 here has setuptools 65 and no
`wheel`, and there is no package index to fetch it from) cannot build any
wheel; then this module builds the pure-Python wheel itself with the standard
library (zipfile), from the same pyproject.toml, so that

    python3 -m pip install --no-build-isolation --no-index ./bindings/python

works offline on every Python that has pip and setuptools. sdists always come
from setuptools.
"""

import base64
import hashlib
import importlib.util
import os
import re
import zipfile

from setuptools import build_meta as _setuptools

_HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # bindings/python


def _setuptools_builds_wheels():
    if importlib.util.find_spec("setuptools.command.bdist_wheel") is not None:
        return True
    return importlib.util.find_spec("wheel") is not None


get_requires_for_build_sdist = _setuptools.get_requires_for_build_sdist
build_sdist = _setuptools.build_sdist

if _setuptools_builds_wheels():
    get_requires_for_build_wheel = _setuptools.get_requires_for_build_wheel
    prepare_metadata_for_build_wheel = _setuptools.prepare_metadata_for_build_wheel
    build_wheel = _setuptools.build_wheel
    if hasattr(_setuptools, "build_editable"):
        get_requires_for_build_editable = _setuptools.get_requires_for_build_editable
        prepare_metadata_for_build_editable = _setuptools.prepare_metadata_for_build_editable
        build_editable = _setuptools.build_editable
else:

    def get_requires_for_build_wheel(config_settings=None):
        return []

    def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
        project = _project()
        name = _dist_info(project)
        target = os.path.join(metadata_directory, name)
        os.makedirs(target, exist_ok=True)
        for filename, data in _metadata_files(project).items():
            with open(os.path.join(target, filename), "wb") as f:
                f.write(data)
        return name

    def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
        project = _project()
        dist_info = _dist_info(project)
        filename = "%s-%s-py3-none-any.whl" % (_normalized(project["name"]), project["version"])
        files = []  # (archive name, bytes)
        for package in project["packages"]:
            root = os.path.join(_HERE, package)
            for entry in sorted(os.listdir(root)):
                if entry.endswith(".py") or entry in project["package_data"].get(package, ()):
                    with open(os.path.join(root, entry), "rb") as f:
                        files.append(("%s/%s" % (package, entry), f.read()))
        for metadata_name, data in _metadata_files(project).items():
            files.append(("%s/%s" % (dist_info, metadata_name), data))
        record_name = "%s/RECORD" % dist_info
        record = "".join("%s,sha256=%s,%d\n" % (name, _digest(data), len(data)) for name, data in files)
        record += "%s,,\n" % record_name
        files.append((record_name, record.encode("utf-8")))
        os.makedirs(wheel_directory, exist_ok=True)
        with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
        return filename


def _normalized(name):
    return re.sub(r"[-_.]+", "_", name)


def _digest(data):
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")


def _dist_info(project):
    return "%s-%s.dist-info" % (_normalized(project["name"]), project["version"])


def _read_toml(path):
    try:
        import tomllib  # Python >= 3.11
    except ImportError:
        from setuptools.extern import tomli as tomllib  # setuptools >= 61 vendors it
    with open(path, "rb") as f:
        return tomllib.load(f)


def _project():
    """What the fallback needs from pyproject.toml (the only metadata source)."""
    pyproject = _read_toml(os.path.join(_HERE, "pyproject.toml"))
    project = dict(pyproject["project"])
    tool = pyproject.get("tool", {}).get("setuptools", {})
    if "version" not in project:
        attr = tool["dynamic"]["version"]["attr"]  # "kalkyl.__version__"
        module, _, variable = attr.rpartition(".")
        path = os.path.join(_HERE, *module.split(".")) + "/__init__.py"
        with open(path, encoding="utf-8") as f:
            match = re.search(r"^%s\s*=\s*['\"]([^'\"]+)['\"]" % re.escape(variable), f.read(), re.M)
        project["version"] = match.group(1)
    project["packages"] = tool.get("packages", [project["name"]])
    project["package_data"] = tool.get("package-data", {})
    return project


def _metadata_files(project):
    lines = [
        "Metadata-Version: 2.1",
        "Name: %s" % project["name"],
        "Version: %s" % project["version"],
    ]
    if "description" in project:
        lines.append("Summary: %s" % project["description"])
    if "requires-python" in project:
        lines.append("Requires-Python: %s" % project["requires-python"])
    for classifier in project.get("classifiers", []):
        lines.append("Classifier: %s" % classifier)
    for requirement in project.get("dependencies", []):
        lines.append("Requires-Dist: %s" % requirement)
    body = ""
    readme = project.get("readme")
    if isinstance(readme, str):
        lines.append("Description-Content-Type: text/markdown")
        with open(os.path.join(_HERE, readme), encoding="utf-8") as f:
            body = "\n" + f.read()
    metadata = "\n".join(lines) + "\n" + body
    wheel = "Wheel-Version: 1.0\nGenerator: kalkyl_build_backend\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    top_level = "".join(p.split(".")[0] + "\n" for p in project["packages"])
    return {
        "METADATA": metadata.encode("utf-8"),
        "WHEEL": wheel.encode("ascii"),
        "top_level.txt": top_level.encode("ascii"),
    }
